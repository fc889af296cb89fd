#!/usr/bin/env bash
# Kluis bench data: a data directory with N generated private dossiers, each
# with two applicants (names, birth dates, a shared home address with a valid
# postcode, e-mail, mobile number in E.164) and one product, plus their rows
# in the search index, written straight into SQLite in one transaction.
#   bench/gendata.sh DIR [N]        (N defaults to $BENCH_DOSSIERS or 100000)
# DIR is created and migrated with `build/kluis migrate`; it must not hold
# dossiers yet. Deterministic: the same N gives the same data (an LCG with a
# fixed seed). If staff exist, the first advisor becomes every dossier's
# advisor and handler. Names are generated from small tables written here
# (common Dutch first names and surnames, plus made-up Dutch-looking
# surnames such as "Molenkamp" so that no surname is unrealistically common).
#
# The search rows (dossier_fts) and display names are built with the SQL of
# store_dossier_reindex in src/store/dossier_store.c, with "$1" replaced by
# the dossier's id: keep the two in step.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${1:?usage: bench/gendata.sh DIR [N]}
N=${2:-${BENCH_DOSSIERS:-100000}}
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] && [ "$N" -le 5000000 ] || { echo "gendata: N must be 1..5000000" >&2; exit 2; }
BIN=${BENCH_BIN:-build/kluis}
[ -x "$BIN" ] || make --no-print-directory
if ! command -v sqlite3 >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq sqlite3 >/dev/null
fi

# Migrate with no KLUIS_* from the caller's environment.
KLUIS=(env)
for v in $(compgen -e | grep '^KLUIS_' || true); do KLUIS+=(-u "$v"); done
mkdir -p "$DIR"
"${KLUIS[@]}" KLUIS_LOG_LEVEL=warn "$BIN" migrate --data "$DIR" >/dev/null
DB=$DIR/kluis.db
have=$(sqlite3 "$DB" "SELECT count(*) FROM dossiers")
[ "$have" -eq 0 ] || { echo "gendata: $DB already has $have dossiers" >&2; exit 1; }

# LCG x' = (A x + C) mod 2^31; row j of the random table holds the next 8
# values, so the constants for 1..8 steps ahead are worked out here.
A=1103515245 C=12345 M=2147483648
declare -a AK CK
a=$A c=$C
for k in 1 2 3 4 5 6 7 8; do
  AK[$k]=$a CK[$k]=$c
  a=$(( (a * A) % M )) c=$(( (c * A + C) % M ))
done
step() { # step K STATE-EXPR → SQL for K steps ahead of STATE
  echo "((${AK[$1]} * ($2) + ${CK[$1]}) % $M)"
}
NOW=$(date +%s)
ROWS=$((3 * N)) # 2N persons, then N dossiers

t0=$EPOCHREALTIME
sqlite3 "$DB" <<SQL
.bail on
.output /dev/null
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -400000;
PRAGMA temp_store = MEMORY;
BEGIN;

-- random table: u1..u8 in 0..32767 (the LCG's high bits)
CREATE TEMP TABLE r (j INTEGER PRIMARY KEY, u1, u2, u3, u4, u5, u6, u7, u8);
WITH RECURSIVE g(j, s1, s2, s3, s4, s5, s6, s7, s8) AS (
  SELECT 1, $(step 1 20251122), $(step 2 20251122), $(step 3 20251122), $(step 4 20251122),
            $(step 5 20251122), $(step 6 20251122), $(step 7 20251122), $(step 8 20251122)
  UNION ALL
  SELECT j + 1, $(step 1 s8), $(step 2 s8), $(step 3 s8), $(step 4 s8), $(step 5 s8), $(step 6 s8),
         $(step 7 s8), $(step 8 s8)
  FROM g WHERE j < $ROWS)
INSERT INTO r SELECT j, s1 >> 16, s2 >> 16, s3 >> 16, s4 >> 16, s5 >> 16, s6 >> 16, s7 >> 16, s8 >> 16 FROM g;

CREATE TEMP TABLE fm (k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO fm (name) VALUES ('Jan'),('Pieter'),('Kees'),('Henk'),('Wim'),('Johan'),('Gerrit'),('Bart'),
  ('Tom'),('Thomas'),('Daan'),('Sem'),('Lucas'),('Bram'),('Jeroen'),('Mark'),('Martijn'),('Dennis'),('Erik'),
  ('Rob'),('Ruud'),('Sander'),('Stefan'),('Niels'),('Joost'),('Maarten'),('Arjen'),('Wouter'),('Ronald'),
  ('Marco'),('Frank'),('Hans'),('Jasper'),('Tim'),('Ruben'),('Koen'),('Luuk'),('Milan'),('Stijn'),('Rick'),
  ('Gijs'),('Thijs'),('Floris'),('Hidde'),('Sjoerd'),('Wessel'),('Bas'),('Michiel'),('Vincent'),('Jelle');
CREATE TEMP TABLE ff (k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO ff (name) VALUES ('Anna'),('Emma'),('Sophie'),('Julia'),('Lisa'),('Eva'),('Sanne'),('Lotte'),
  ('Fleur'),('Anouk'),('Iris'),('Femke'),('Marloes'),('Linda'),('Monique'),('Ingrid'),('Marieke'),('Esther'),
  ('Petra'),('Annemarie'),('Karin'),('Nicole'),('Wendy'),('Saskia'),('Els'),('Mieke'),('Ria'),('Joke'),('Ilse'),
  ('Lieke'),('Noor'),('Tess'),('Maud'),('Roos'),('Evelien'),('Judith'),('Hanneke'),('Charlotte'),('Manon'),
  ('Yvonne'),('Inge'),('Marjolein'),('Astrid'),('Bregje'),('Mirjam'),('Sylvia'),('Jolanda'),('Kim'),('Laura');

-- surnames: common ones first (40% of people), then made-up ones (60%)
CREATE TEMP TABLE sn (k INTEGER PRIMARY KEY, infix TEXT, name TEXT);
INSERT INTO sn (infix, name) VALUES ('','Jansen'),('de','Vries'),('van den','Berg'),('van','Dijk'),('','Bakker'),
  ('','Janssen'),('','Visser'),('','Smit'),('','Meijer'),('de','Boer'),('','Mulder'),('de','Groot'),('','Bos'),
  ('','Vos'),('','Peters'),('','Hendriks'),('van','Leeuwen'),('','Dekker'),('','Brouwer'),('de','Wit'),
  ('','Dijkstra'),('','Smits'),('de','Graaf'),('van der','Meer'),('van der','Linden'),('','Kok'),('','Jacobs'),
  ('de','Haan'),('','Vermeulen'),('van den','Heuvel'),('van der','Veen'),('van den','Broek'),('de','Bruijn'),
  ('de','Jong'),('','Schouten'),('van','Beek'),('','Willems'),('van','Vliet'),('van de','Ven'),('','Hoekstra'),
  ('','Maas'),('','Verhoeven'),('','Koster'),('van','Dam'),('van der','Wal'),('','Prins'),('','Blom'),
  ('','Huisman'),('','Peeters'),('de','Ruiter'),('','Postma'),('','Kuipers'),('van','Wijk'),('','Veenstra'),
  ('ter','Horst'),('','Timmermans'),('','Boersma'),('','Vink'),('in ''t','Veld'),('van','Rijn'),('','Scholten'),
  ('','Wolters'),('','Nijhuis'),('','Kramer'),('ten','Have'),('','Groen'),('van','Os'),('','Evers'),
  ('','Hermans'),('op de','Weegh');
CREATE TEMP TABLE stem (s TEXT);
INSERT INTO stem VALUES ('Berg'),('Dijk'),('Veen'),('Hoek'),('Brink'),('Kamp'),('Bosch'),('Horst'),('Wijk'),
  ('Hof'),('Linde'),('Vliet'),('Molen'),('Meule'),('Haar'),('Zand'),('Beek'),('Broek'),('Weide'),('Holt'),
  ('Lange'),('Kort'),('Groen'),('Smed'),('Wester'),('Ooster'),('Noord'),('Zuid'),('Heuvel'),('Akker'),('Velde'),
  ('Hage'),('Mole'),('Riet'),('Ven');
CREATE TEMP TABLE suffix (x TEXT);
INSERT INTO suffix VALUES (''),('man'),('sma'),('stra'),('huis'),('ink'),('ers'),('enga'),('kamp'),('hof'),('ing');
INSERT INTO sn (infix, name)
  SELECT CASE WHEN x <> '' THEN '' ELSE
           CASE length(s) % 4 WHEN 0 THEN 'van' WHEN 1 THEN 'van de' WHEN 2 THEN 'ter' ELSE 'van der' END END,
         s || x
  FROM stem, suffix WHERE lower(s) <> x ORDER BY s, x;
CREATE TEMP TABLE st (k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO st (name) VALUES ('Kerkstraat'),('Dorpsstraat'),('Molenweg'),('Schoolstraat'),('Stationsweg'),
  ('Julianastraat'),('Beatrixlaan'),('Wilhelminastraat'),('Oranjestraat'),('Nieuwstraat'),('Marktstraat'),
  ('Lindenlaan'),('Eikenlaan'),('Beukenlaan'),('Berkenlaan'),('Kastanjelaan'),('Parkweg'),('Sportlaan'),
  ('Hoofdstraat'),('Prinses Irenestraat'),('Tulpstraat'),('Rozenstraat'),('Populierenlaan'),('Merelstraat'),
  ('Zwanenhof'),('Havenstraat'),('Dijkweg'),('Polderweg'),('Slotlaan'),('Jan Steenstraat'),('Rembrandtlaan'),
  ('Vermeerstraat'),('Van Goghstraat'),('Mozartlaan'),('Esdoornstraat'),('Wilgenhof'),('Reigerstraat'),
  ('Kievitlaan'),('Akkerweg'),('Weidelaan'),('Koningsweg'),('Brinkstraat'),('Nassaulaan'),('Vondellaan');
CREATE TEMP TABLE pl (k INTEGER PRIMARY KEY, city TEXT, lo INTEGER, hi INTEGER);
INSERT INTO pl (city, lo, hi) VALUES ('Utrecht',3511,3585),('Nieuwegein',3431,3439),('Houten',3991,3995),
  ('Zeist',3701,3709),('Amersfoort',3811,3829),('Zwolle',8011,8046),('Kampen',8261,8266),('Deventer',7411,7429),
  ('Meppel',7941,7944),('Amsterdam',1011,1098),('Rotterdam',3011,3089),('Den Haag',2511,2597),
  ('Groningen',9711,9747),('Eindhoven',5611,5658),('Nijmegen',6511,6546),('Arnhem',6811,6846),
  ('Apeldoorn',7311,7339),('Haarlem',2011,2037),('Leiden',2311,2334),('Breda',4811,4839),('Tilburg',5011,5049),
  ('Enschede',7511,7548),('Maastricht',6211,6229),('Leeuwarden',8911,8939),('Almere',1311,1363);
CREATE TEMP TABLE lender (k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO lender (name) VALUES ('Rabobank'),('ING'),('ABN AMRO'),('Obvion'),('Aegon'),('Florius'),('a.s.r.'),
  ('Munt Hypotheken'),('BLG Wonen'),('Nationale-Nederlanden'),('Centraal Beheer'),('Tulp Hypotheken');

-- people: rows 1..2N; person j belongs to dossier (j + 1) / 2
CREATE TEMP TABLE pp AS
SELECT r.j AS j, (r.j + 1) / 2 AS dossier, CASE r.j % 2 WHEN 1 THEN 'applicant1' ELSE 'applicant2' END AS role,
       CASE WHEN u1 % 2 = 0 THEN (SELECT name FROM fm WHERE k = 1 + u2 % (SELECT count(*) FROM fm))
            ELSE (SELECT name FROM ff WHERE k = 1 + u2 % (SELECT count(*) FROM ff)) END AS first_name,
       CASE WHEN u3 % 100 < 40 THEN 1 + u4 % 70 ELSE 71 + u4 % ((SELECT count(*) FROM sn) - 70) END AS sk,
       date('1945-01-01', '+' || ((u5 * 32768 + u6) % 20000) || ' days') AS birth_date,
       u7 AS ue, u8 AS um
FROM r WHERE r.j <= 2 * $N;

-- dossiers: random rows 2N+1..3N
CREATE TEMP TABLE dd AS
SELECT r.j - 2 * $N AS i, u1, u2, u3, u4, u5, u6, u7, u8,
       (SELECT name FROM st WHERE k = 1 + u1 % (SELECT count(*) FROM st)) AS street,
       CAST(1 + u2 % 180 AS TEXT) || CASE WHEN u3 % 10 = 0 THEN 'A' ELSE '' END AS house_number,
       (SELECT city FROM pl WHERE k = 1 + u4 % (SELECT count(*) FROM pl)) AS city,
       (SELECT lo + u5 % (hi - lo + 1) FROM pl WHERE k = 1 + u4 % (SELECT count(*) FROM pl)) AS pc_digits,
       substr('ABCDEGHJKLMNPRSTVWXZ', 1 + u6 % 20, 1) AS l1, substr('ABCDEGHJKLMNPRSTVWXZ', 1 + u7 % 20, 1) AS l2
FROM r WHERE r.j > 2 * $N;

INSERT INTO dossiers (id, number, kind, status, name, advisor_id, handler_id, created_at, updated_at)
SELECT i, CAST(1000000 + i AS TEXT), 'private', CASE WHEN u8 % 10 < 8 THEN 'client' ELSE 'prospect' END, '',
       (SELECT min(id) FROM staff_users WHERE role = 'advisor'), (SELECT min(id) FROM staff_users WHERE role = 'advisor'),
       $NOW - ($N - i) * 300, $NOW - ($N - i) * 300
FROM dd ORDER BY i;

INSERT INTO persons (id, dossier_id, role, first_name, infix, last_name, birth_date, nationality, created_at, updated_at)
SELECT j, dossier, role, first_name, sn.infix, sn.name, birth_date, 'Nederlandse', $NOW - ($N - dossier) * 300,
       $NOW - ($N - dossier) * 300
FROM pp JOIN sn ON sn.k = pp.sk ORDER BY j;

-- e-mail: jan.devries@, j.devries78@ or jandevries@ one of three example domains
INSERT INTO party_emails (person_id, type, address)
SELECT j, 'private',
       lower(CASE ue % 4 WHEN 0 THEN substr(first_name, 1, 1) || '.' || replace(replace(sn.infix || sn.name, ' ', ''), '''', '')
                               || substr(birth_date, 3, 2)
                         WHEN 1 THEN first_name || replace(replace(sn.infix || sn.name, ' ', ''), '''', '')
                         ELSE first_name || '.' || replace(replace(sn.infix || sn.name, ' ', ''), '''', '') END)
       || '@' || CASE ue % 3 WHEN 0 THEN 'example.com' WHEN 1 THEN 'example.net' ELSE 'example.org' END
FROM pp JOIN sn ON sn.k = pp.sk ORDER BY j;

-- mobile: +316 [1-5] + 7 digits, as libphonenumber stores 06-numbers
INSERT INTO party_phones (person_id, type, number)
SELECT j, 'mobile', '+316' || (1 + um % 5) || printf('%07d', (um * 7919 + j * 104729) % 10000000)
FROM pp ORDER BY j;

-- both applicants live at the dossier's address; postcode never SA/SD/SS
INSERT INTO party_addresses (person_id, type, street, house_number, postcode, city, country)
SELECT pp.j, 'home', dd.street, dd.house_number,
       pc_digits || ' ' || l1 || CASE WHEN l1 = 'S' AND l2 IN ('A', 'D', 'S') THEN 'T' ELSE l2 END, dd.city, 'NL'
FROM pp JOIN dd ON dd.i = pp.dossier ORDER BY pp.j;

-- one product per dossier, both applicants its rights holders
INSERT INTO products (id, dossier_id, type, name, public, status, card, created_at, updated_at)
SELECT i,
       i,
       CASE WHEN u1 % 10 < 5 THEN 'mortgage' WHEN u1 % 10 < 7 THEN 'service' WHEN u1 % 10 = 7 THEN 'life_insurance'
            WHEN u1 % 10 = 8 THEN 'non_life_insurance' ELSE 'savings_banking' END,
       CASE WHEN u1 % 10 < 5 THEN 'Hypotheek ' || (SELECT name FROM lender WHERE k = 1 + u2 % 12)
            WHEN u1 % 10 < 7 THEN 'Hypotheekadvies' WHEN u1 % 10 = 7 THEN 'Overlijdensrisicoverzekering'
            WHEN u1 % 10 = 8 THEN 'Woonhuis- en inboedelverzekering' ELSE 'Spaarrekening' END,
       1, 'active',
       CASE WHEN u1 % 10 < 5 THEN json_object('lender', (SELECT name FROM lender WHERE k = 1 + u2 % 12),
                 'loan_number', CAST(10000000 + u3 * 1000 + u4 % 1000 AS TEXT), 'amount', CAST((30 + u5 % 100) * 5000 AS TEXT),
                 'interest_rate', printf('%d,%02d', 1 + u6 % 4, u7 % 100), 'fixed_period_years', '20',
                 'start_date', date('2008-01-01', '+' || (u8 % 6200) || ' days'))
            WHEN u1 % 10 < 7 THEN json_object('advice_kind', 'Hypotheekadvies', 'description', 'Aankoop woning',
                 'start_date', date('2019-01-01', '+' || (u8 % 2400) || ' days'), 'fee', printf('%d,00', 1500 + u3 % 2000))
            WHEN u1 % 10 = 7 THEN json_object('insurer', 'a.s.r.', 'policy_number', 'ORV' || printf('%07d', u3 * 100 + u4 % 100),
                 'insured_amount', CAST((10 + u5 % 40) * 5000 AS TEXT), 'premium', printf('%d,%02d', 9 + u6 % 40, u7 % 100))
            WHEN u1 % 10 = 8 THEN json_object('insurer', 'Centraal Beheer', 'policy_number', 'WI' || printf('%08d', u3 * 1000 + u4 % 1000),
                 'cover', 'Woonhuis en inboedel', 'premium', printf('%d,%02d', 20 + u6 % 40, u7 % 100))
            ELSE json_object('bank', 'Rabobank', 'account', 'NL00RABO' || printf('%010d', u3 * 32768 + u4), 'balance',
                 printf('%d,%02d', u5 * 3, u6 % 100)) END,
       $NOW - ($N - i) * 300, $NOW - ($N - i) * 300
FROM dd ORDER BY i;
INSERT INTO product_holders (product_id, person_id) SELECT dossier, j FROM pp ORDER BY j;

-- display names and search rows: store_dossier_reindex's SQL, \$1 = d.id
UPDATE dossiers SET name = coalesce((SELECT group_concat(trim(p.first_name || ' ' ||
  CASE WHEN p.infix <> '' THEN p.infix || ' ' ELSE '' END || p.last_name), ' en ') FROM
  (SELECT * FROM persons WHERE dossier_id = dossiers.id AND role IN ('applicant1','applicant2') ORDER BY role) p),
  (SELECT name FROM organisations WHERE dossier_id = dossiers.id AND role = 'client' ORDER BY id LIMIT 1), '')
  WHERE (name = '' OR name IS NULL);
INSERT INTO dossier_fts (rowid, number, names, birth_dates, postcodes, emails) SELECT d.id, d.number,
  d.name || ' ' || coalesce((SELECT group_concat(p.first_name || ' ' || p.infix || ' ' || p.last_name, ' ')
  FROM persons p WHERE p.dossier_id = d.id), '') || ' ' || coalesce((SELECT group_concat(o.name || ' ' ||
  o.kvk, ' ') FROM organisations o WHERE o.dossier_id = d.id), ''),
  coalesce((SELECT group_concat(replace(p.birth_date, '-', '') || ' ' || substr(p.birth_date, 9, 2) ||
  substr(p.birth_date, 6, 2) || substr(p.birth_date, 1, 4), ' ') FROM persons p WHERE p.dossier_id = d.id
  AND p.birth_date IS NOT NULL), ''),
  coalesce((SELECT group_concat(pc, ' ') FROM (SELECT replace(a.postcode, ' ', '') || ' ' || a.postcode AS pc
  FROM party_addresses a JOIN persons p ON p.id = a.person_id WHERE p.dossier_id = d.id UNION ALL
  SELECT replace(a.postcode, ' ', '') || ' ' || a.postcode FROM party_addresses a JOIN organisations o
  ON o.id = a.organisation_id WHERE o.dossier_id = d.id)), ''),
  coalesce((SELECT group_concat(ad, ' ') FROM (SELECT e.address AS ad FROM party_emails e JOIN persons p
  ON p.id = e.person_id WHERE p.dossier_id = d.id UNION ALL SELECT e.address FROM party_emails e JOIN
  organisations o ON o.id = e.organisation_id WHERE o.dossier_id = d.id)), '')
  FROM dossiers d ORDER BY d.id;

COMMIT;
PRAGMA journal_mode = WAL;
SQL
t1=$EPOCHREALTIME
counts=$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM dossiers) || ' dossiers, ' || (SELECT count(*) FROM persons) || ' persons, ' || (SELECT count(*) FROM products) || ' products'")
size=$(du -sh "$DB" | cut -f1)
awk -v a="$t0" -v b="$t1" -v c="$counts" -v s="$size" -v d="$DB" \
  'BEGIN { printf "gendata: %s in %.1f s; %s is %s\n", c, b - a, d, s }'
