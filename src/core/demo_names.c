/* Name, street and place tables for the demo data (see demo_names.h). */
#include "core/demo_names.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const demo_male_names[] = {
	"Jan",    "Pieter", "Kees",    "Henk",   "Wim",   "Johan",  "Gerrit", "Bart",   "Tom",    "Thomas",
	"Daan",   "Sem",    "Lucas",   "Bram",   "Jeroen", "Mark",  "Martijn", "Dennis", "Erik",  "Rob",
	"Ruud",   "Sander", "Stefan",  "Niels",  "Joost", "Maarten", "Arjen", "Wouter", "Ronald", "Marco",
	"Frank",  "Hans",   "Jasper",  "Tim",    "Ruben", "Koen",   "Luuk",   "Milan",  "Stijn",  "Rick",
	"Gijs",   "Thijs",  "Floris",  "Hidde",  "Sjoerd", "Wessel", "Bas",   "Michiel",
};
const size_t demo_n_male_names = COUNT(demo_male_names);

const char *const demo_female_names[] = {
	"Anna",   "Emma",    "Sophie",  "Julia",  "Lisa",   "Eva",     "Sanne",  "Lotte",  "Fleur",  "Anouk",
	"Iris",   "Femke",   "Marloes", "Linda",  "Monique", "Ingrid", "Marieke", "Esther", "Petra", "Annemarie",
	"Karin",  "Nicole",  "Wendy",   "Saskia", "Els",    "Mieke",   "Ria",    "Joke",   "Ilse",   "Lieke",
	"Noor",   "Tess",    "Maud",    "Roos",   "Evelien", "Judith", "Hanneke", "Charlotte", "Manon", "Yvonne",
	"Renée",  "Chloë",   "Inge",    "Marjolein", "Astrid", "Bregje",
};
const size_t demo_n_female_names = COUNT(demo_female_names);

const struct demo_surname demo_surnames[] = {
	{"", "Jansen"},      {"de", "Vries"},      {"van den", "Berg"},  {"van", "Dijk"},       {"", "Bakker"},
	{"", "Janssen"},     {"", "Visser"},       {"", "Smit"},         {"", "Meijer"},        {"de", "Boer"},
	{"", "Mulder"},      {"de", "Groot"},      {"", "Bos"},          {"", "Vos"},           {"", "Peters"},
	{"", "Hendriks"},    {"van", "Leeuwen"},   {"", "Dekker"},       {"", "Brouwer"},       {"de", "Wit"},
	{"", "Dijkstra"},    {"", "Smits"},        {"de", "Graaf"},      {"van der", "Meer"},   {"van der", "Linden"},
	{"", "Kok"},         {"", "Jacobs"},       {"de", "Haan"},       {"", "Vermeulen"},     {"van den", "Heuvel"},
	{"van der", "Veen"}, {"van den", "Broek"}, {"de", "Bruijn"},     {"de", "Jong"},        {"", "Schouten"},
	{"van", "Beek"},     {"", "Willems"},      {"van", "Vliet"},     {"van de", "Ven"},     {"", "Hoekstra"},
	{"", "Maas"},        {"", "Verhoeven"},    {"", "Koster"},       {"van", "Dam"},        {"van der", "Wal"},
	{"", "Prins"},       {"", "Blom"},         {"", "Huisman"},      {"", "Peeters"},       {"de", "Ruiter"},
	{"", "Postma"},      {"", "Kuipers"},      {"van", "Wijk"},      {"", "Veenstra"},      {"ter", "Horst"},
	{"", "Timmermans"},  {"", "Boersma"},      {"", "Vink"},         {"in 't", "Veld"},     {"van", "Rijn"},
	{"", "Scholten"},    {"", "Wolters"},      {"", "Nijhuis"},      {"", "Kramer"},        {"ten", "Have"},
	{"", "Groen"},       {"van", "Os"},        {"", "Evers"},        {"", "Hermans"},       {"op de", "Weegh"},
};
const size_t demo_n_surnames = COUNT(demo_surnames);

const char *const demo_streets[] = {
	"Kerkstraat",      "Dorpsstraat",      "Molenweg",        "Schoolstraat",     "Stationsweg",
	"Julianastraat",   "Beatrixlaan",      "Wilhelminastraat", "Oranjestraat",    "Nieuwstraat",
	"Marktstraat",     "Lindenlaan",       "Eikenlaan",       "Beukenlaan",       "Berkenlaan",
	"Kastanjelaan",    "Parkweg",          "Sportlaan",       "Hoofdstraat",      "Prinses Irenestraat",
	"Tulpstraat",      "Rozenstraat",      "Populierenlaan",  "Merelstraat",      "Lijsterbeslaan",
	"Zwanenhof",       "Havenstraat",      "Dijkweg",         "Polderweg",        "Slotlaan",
	"Jan Steenstraat", "Rembrandtlaan",    "Vermeerstraat",   "Van Goghstraat",   "Mozartlaan",
	"Esdoornstraat",   "Wilgenhof",        "Reigerstraat",    "Zonnebloemstraat", "Kievitlaan",
	"Akkerweg",        "Weidelaan",        "Graaf Florislaan", "Koningsweg",      "Brinkstraat",
	"Nassaulaan",      "Vondellaan",       "Bloemendaal",     "Gildestraat",      "Sint Jorisstraat",
};
const size_t demo_n_streets = COUNT(demo_streets);

/* Most clients live near one of the two offices (regions 0 and 1); the two
 * office towns are listed twice so they come up more often. */
const struct demo_place demo_places[] = {
	{"Utrecht", 0, 3511, 3585, "030"},     {"Utrecht", 0, 3511, 3585, "030"},
	{"Nieuwegein", 0, 3431, 3439, "030"},  {"Houten", 0, 3991, 3995, "030"},
	{"Zeist", 0, 3701, 3709, "030"},       {"Amersfoort", 0, 3811, 3829, "033"},
	{"IJsselstein", 0, 3401, 3404, "030"}, {"Woerden", 0, 3441, 3449, "0348"},
	{"Veenendaal", 0, 3901, 3907, "0318"}, {"Bunnik", 0, 3981, 3981, "030"},
	{"Maarssen", 0, 3601, 3608, "0346"},
	{"Zwolle", 1, 8011, 8046, "038"},      {"Zwolle", 1, 8011, 8046, "038"},
	{"Kampen", 1, 8261, 8266, "038"},      {"Deventer", 1, 7411, 7429, "0570"},
	{"Meppel", 1, 7941, 7944, "0522"},     {"Dalfsen", 1, 7721, 7722, "0529"},
	{"Hattem", 1, 8051, 8051, "038"},      {"Raalte", 1, 8101, 8102, "0572"},
	{"Hardenberg", 1, 7771, 7773, "0523"},
	{"Amsterdam", 2, 1011, 1098, "020"},   {"Rotterdam", 2, 3011, 3089, "010"},
	{"Den Haag", 2, 2511, 2597, "070"},    {"Groningen", 2, 9711, 9747, "050"},
	{"Eindhoven", 2, 5611, 5658, "040"},   {"Nijmegen", 2, 6511, 6546, "024"},
	{"Arnhem", 2, 6811, 6846, "026"},      {"Apeldoorn", 2, 7311, 7339, "055"},
};
const size_t demo_n_places = COUNT(demo_places);

const char *const demo_trades[][2] = {
	{"Bakkerij ", ""},
	{"", " Installatietechniek B.V."},
	{"Hoveniersbedrijf ", ""},
	{"Autobedrijf ", " B.V."},
	{"Schildersbedrijf ", ""},
	{"Fysiotherapie ", ""},
	{"", " Bouw en Onderhoud B.V."},
	{"Kapsalon ", ""},
	{"Transportbedrijf ", " B.V."},
	{"Administratiekantoor ", ""},
	{"Timmerbedrijf ", ""},
	{"Melkveebedrijf ", ""},
};
const size_t demo_n_trades = COUNT(demo_trades);

const char *const demo_lenders[] = {
	"Rabobank",  "ING",   "ABN AMRO", "Obvion",        "Aegon",           "Florius",
	"a.s.r.",    "Munt Hypotheken", "BLG Wonen", "Nationale-Nederlanden", "Centraal Beheer", "Tulp Hypotheken",
};
const size_t demo_n_lenders = COUNT(demo_lenders);

const char *const demo_insurers[] = {
	"Nationale-Nederlanden", "a.s.r.", "Aegon", "Centraal Beheer", "Interpolis", "Allianz",
	"Univé",                 "OHRA",   "De Goudse", "Reaal",     "Achmea",     "Klaverblad",
};
const size_t demo_n_insurers = COUNT(demo_insurers);

const char *const demo_banks[][2] = {
	{"Rabobank", "RABO"}, {"ING", "INGB"}, {"ABN AMRO", "ABNA"}, {"ASN Bank", "ASNB"},
	{"SNS", "SNSB"},      {"Triodos Bank", "TRIO"}, {"Knab", "KNAB"},
};
const size_t demo_n_banks = COUNT(demo_banks);

const char *const demo_mail_domains[] = {"example.com", "example.net", "example.org"};
const size_t demo_n_mail_domains = COUNT(demo_mail_domains);
