#ifndef KLUIS_CORE_DEMO_NAMES_H
#define KLUIS_CORE_DEMO_NAMES_H
#include <stddef.h>

/* Tables the demo data is generated from (src/core/demo_names.c): common
 * Dutch first names, surnames with their infix, street names, places with
 * a plausible postcode range, and product names. Written for Kluis, not
 * taken from any data set. Only demo.c uses them. */

struct demo_surname {
	const char *infix; /* "", "de", "van der", ... */
	const char *name;
};

/* A place: name, region (0 = around Utrecht, 1 = around Zwolle, 2 =
 * elsewhere), the range of the four postcode digits used there and the
 * telephone area code. */
struct demo_place {
	const char *city;
	int region;
	int pc_from, pc_to;
	const char *area;
};

extern const char *const demo_male_names[];
extern const size_t demo_n_male_names;
extern const char *const demo_female_names[];
extern const size_t demo_n_female_names;
extern const struct demo_surname demo_surnames[];
extern const size_t demo_n_surnames;
extern const char *const demo_streets[];
extern const size_t demo_n_streets;
extern const struct demo_place demo_places[];
extern const size_t demo_n_places;
/* Trades for business dossiers: {prefix, suffix} around a surname. */
extern const char *const demo_trades[][2];
extern const size_t demo_n_trades;
extern const char *const demo_lenders[];
extern const size_t demo_n_lenders;
extern const char *const demo_insurers[];
extern const size_t demo_n_insurers;
/* Banks: display name and the 4-letter IBAN bank code. */
extern const char *const demo_banks[][2];
extern const size_t demo_n_banks;
/* Reserved example domains (RFC 2606) for e-mail addresses. */
extern const char *const demo_mail_domains[];
extern const size_t demo_n_mail_domains;

#endif
