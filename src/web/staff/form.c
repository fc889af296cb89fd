/* Form building helpers for back-office pages. */
#include <stdio.h>
#include <string.h>
#include "web/staff/form.h"

json_t *form_section(json_t *sections, const char *legend)
{
	json_t *fields = json_array();
	json_array_append_new(sections, json_pack("{s:s, s:o}", "legend", legend, "fields", fields));
	return fields;
}

static json_t *base(const char *name, const char *label, const char *error)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:s, s:s, s:[]}", "name", name, "label", label,
			 "value", "", "error", error ? error : "", "has_error", error != NULL, "required", 0,
			 "is_select", 0, "is_checkbox", 0, "input_type", "text", "autocomplete", "", "options");
}

void form_input(json_t *fields, const char *name, const char *label, const char *type, const char *value,
		const char *error, int required, const char *autocomplete)
{
	json_t *f = base(name, label, error);
	json_object_set_new(f, "value", json_string(value ? value : ""));
	json_object_set_new(f, "input_type", json_string(type));
	json_object_set_new(f, "required", json_boolean(required));
	json_object_set_new(f, "autocomplete", json_string(autocomplete ? autocomplete : "off"));
	json_array_append_new(fields, f);
}

void form_select(json_t *fields, const char *name, const char *label, const struct form_option *opts,
		 const char *value, const char *error)
{
	json_t *f = base(name, label, error);
	json_t *o = json_array();
	for (int i = 0; opts[i].label; i++)
		json_array_append_new(o, json_pack("{s:s, s:s, s:b}", "value", opts[i].value, "label", opts[i].label,
						   "selected", value && strcmp(value, opts[i].value) == 0));
	json_object_set_new(f, "options", o);
	json_object_set_new(f, "is_select", json_true());
	json_object_set_new(f, "required", json_true());
	json_array_append_new(fields, f);
}

void form_checkbox(json_t *fields, const char *name, const char *label, int checked, const char *error)
{
	json_t *f = base(name, label, error);
	json_object_set_new(f, "is_checkbox", json_true());
	json_object_set_new(f, "checked", json_boolean(checked));
	json_array_append_new(fields, f);
}

void form_field_name(const char *path, char *out, size_t outlen)
{
	unsigned idx = 0;
	char part[32] = "";
	if (sscanf(path, "emails[%u].%31s", &idx, part) == 2)
		snprintf(out, outlen, strcmp(part, "type") == 0 ? "email_type_%u" : "email_%u", idx);
	else if (sscanf(path, "phones[%u].%31s", &idx, part) == 2)
		snprintf(out, outlen, strcmp(part, "type") == 0 ? "phone_type_%u" : "phone_%u", idx);
	else if (sscanf(path, "addresses[%u].%31s", &idx, part) == 2)
		snprintf(out, outlen, "%s_%u", strcmp(part, "type") == 0 ? "addr_type" : part, idx);
	else if (strncmp(path, "card.", 5) == 0)
		snprintf(out, outlen, "card_%s", path + 5);
	else
		snprintf(out, outlen, "%s", path);
}

json_t *form_errors(const struct kfail *f)
{
	json_t *e = json_object();
	if (f && f->code) {
		char name[96];
		form_field_name(f->field[0] ? f->field : "_form", name, sizeof name);
		json_object_set_new(e, name, json_string(f->message));
	}
	return e;
}

const char *form_value(struct req *r, const char *name)
{
	const char *v = req_param(r, name);
	return v ? v : "";
}
