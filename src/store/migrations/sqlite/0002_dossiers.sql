-- 0002: offices, employees, advisor support, dossiers, parties, products, search.

CREATE TABLE offices (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Contact details of an office; each typed and with its own public flag (M3).
CREATE TABLE office_contacts (
  id INTEGER PRIMARY KEY,
  office_id INTEGER NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('phone','email','address','website')),
  type TEXT NOT NULL,            -- general|work|visiting|postal|...
  value TEXT NOT NULL DEFAULT '', -- phone (E.164), e-mail, website; '' for addresses
  street TEXT, house_number TEXT, postcode TEXT, city TEXT, country TEXT,
  public INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX office_contacts_office ON office_contacts(office_id);

-- Staff users are the firm's employees (D8).
ALTER TABLE staff_users ADD COLUMN office_id INTEGER REFERENCES offices(id);
ALTER TABLE staff_users ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff_users ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

CREATE TABLE workflow_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

-- Advisor support relation (D8): who handles the tasks of an advisor's
-- dossiers: a user, or a workflow group (then the task still goes to the
-- advisor), or nobody (the advisor).
CREATE TABLE advisor_support (
  advisor_id INTEGER PRIMARY KEY REFERENCES staff_users(id) ON DELETE CASCADE,
  handler_user_id INTEGER REFERENCES staff_users(id) ON DELETE SET NULL,
  handler_group_id INTEGER REFERENCES workflow_groups(id) ON DELETE SET NULL,
  CHECK (handler_user_id IS NULL OR handler_group_id IS NULL)
);

CREATE TABLE dossiers (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('private','business')),
  status TEXT NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect','client')),
  name TEXT NOT NULL DEFAULT '',
  office_id INTEGER REFERENCES offices(id),
  advisor_id INTEGER REFERENCES staff_users(id),
  handler_id INTEGER REFERENCES staff_users(id),
  created_by INTEGER REFERENCES staff_users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX dossiers_advisor ON dossiers(advisor_id);
CREATE INDEX dossiers_updated ON dossiers(updated_at);

CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('applicant1','applicant2','other')),
  first_name TEXT NOT NULL DEFAULT '',
  infix TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL,
  birth_date TEXT,                 -- YYYY-MM-DD
  nationality TEXT NOT NULL DEFAULT '',
  bsn_enc BLOB,                    -- XChaCha20-Poly1305, bound to the person id
  bsn_last4 TEXT,                  -- for masked display without decrypting
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX persons_dossier ON persons(dossier_id);
CREATE UNIQUE INDEX persons_one_first_applicant ON persons(dossier_id) WHERE role = 'applicant1';
CREATE UNIQUE INDEX persons_one_second_applicant ON persons(dossier_id) WHERE role = 'applicant2';

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('client','employer','other')),
  kvk TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX organisations_dossier ON organisations(dossier_id);

-- Typed contact details of persons and organisations (exactly one owner).
CREATE TABLE party_emails (
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
  organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('private','work','general')),
  address TEXT NOT NULL,
  CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX party_emails_person ON party_emails(person_id);
CREATE INDEX party_emails_org ON party_emails(organisation_id);

CREATE TABLE party_phones (
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
  organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('mobile','home','work','general')),
  number TEXT NOT NULL,            -- E.164
  CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX party_phones_person ON party_phones(person_id);
CREATE INDEX party_phones_org ON party_phones(organisation_id);

CREATE TABLE party_addresses (
  id INTEGER PRIMARY KEY,
  person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
  organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('home','postal','visiting')),
  street TEXT NOT NULL DEFAULT '',
  house_number TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT 'NL',
  CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX party_addresses_person ON party_addresses(person_id);
CREATE INDEX party_addresses_org ON party_addresses(organisation_id);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('service','mortgage','life_insurance','non_life_insurance',
                                     'contract','consumer_credit','savings_banking')),
  name TEXT NOT NULL DEFAULT '',
  public INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open',
  card TEXT NOT NULL DEFAULT '{}',   -- product card fields (JSON object)
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX products_dossier ON products(dossier_id);

-- Rights holders ("rechterdelen") of a product.
CREATE TABLE product_holders (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE,
  organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
  CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX product_holders_product ON product_holders(product_id);

-- Search index: one row per dossier, rebuilt by the store whenever a dossier
-- or one of its parties changes. Diacritics folded ("financiele" finds
-- "Financiële"); prefix indexes keep type-ahead fast.
CREATE VIRTUAL TABLE dossier_fts USING fts5(
  number, names, birth_dates, postcodes, emails,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
