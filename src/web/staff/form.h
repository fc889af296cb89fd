#ifndef KLUIS_WEB_STAFF_FORM_H
#define KLUIS_WEB_STAFF_FORM_H
#include <jansson.h>
#include "util/err.h"
#include "web/req.h"

/* Building HTML forms for the logic-less templates: a form is a list of
 * sections {legend, fields: [...]}, each field an object with every key the
 * partial "partials/field" reads set explicitly (mustache lookups would
 * otherwise fall through to outer contexts). */

/* One select option. */
struct form_option {
	const char *value;
	const char *label;
};

/* form_section: append a new section to sections; returns its fields array
 * (borrowed). */
json_t *form_section(json_t *sections, const char *legend);
/* form_input: a text-like input (type "text", "email", "tel", "date",
 * "password"). value/error may be NULL. */
void form_input(json_t *fields, const char *name, const char *label, const char *type, const char *value,
		const char *error, int required, const char *autocomplete);
/* form_select: a select with options (NULL-label terminated array). */
void form_select(json_t *fields, const char *name, const char *label, const struct form_option *opts,
		 const char *value, const char *error);
/* form_checkbox: a checkbox (value "1"). */
void form_checkbox(json_t *fields, const char *name, const char *label, int checked, const char *error);
/* form_field_name: map a core field path ("phones[1].number") to the form
 * field name used by the party forms ("phone_1"). */
void form_field_name(const char *path, char *out, size_t outlen);
/* form_errors: {form-field-name: message} for a kfail (new reference). */
json_t *form_errors(const struct kfail *f);
/* form_value: the value the user sent for name (req_param) or "". */
const char *form_value(struct req *r, const char *name);

#endif
