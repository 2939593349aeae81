-- Sample clinic system of Fjordkanten Dyreklinikk (db/organisations/fjordkanten-dyreklinikk.yaml),
-- modelled on seed 002. Fictional people only: .example email addresses, +47 00 00 .. .. phone
-- numbers (no Norwegian number starts with 0), microchip numbers starting 000 (no country has it).
--
-- Dates are relative to the day the database is built ('now', see index.ts), so the story stays
-- true whenever the demo is set up: Áile Ŋuollaš Čiekču has journal entries older than ten years
-- (erasable) and younger ones (kept under forskrift om journal for dyrehelsepersonell § 6),
-- purchases and payments whose five years after their financial year have run or not
-- (bokføringsloven § 13), so an erasure for her is partial.

CREATE TABLE customers (
  customer_number TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  date_of_birth TEXT,
  registered_on TEXT NOT NULL
);

CREATE TABLE consents (
  consent_id INTEGER PRIMARY KEY,
  customer_number TEXT NOT NULL REFERENCES customers(customer_number),
  consent TEXT NOT NULL,
  given_on TEXT NOT NULL,
  withdrawn_on TEXT
);

CREATE TABLE animals (
  animal_id INTEGER PRIMARY KEY,
  customer_number TEXT NOT NULL REFERENCES customers(customer_number),
  name TEXT NOT NULL,
  species TEXT NOT NULL,
  breed TEXT,
  sex TEXT,
  born_on TEXT,
  microchip_number TEXT,
  insurer TEXT,
  died_on TEXT
);

CREATE TABLE journal_entries (
  entry_id INTEGER PRIMARY KEY,
  animal_id INTEGER NOT NULL REFERENCES animals(animal_id),
  entry_date TEXT NOT NULL,
  veterinarian TEXT NOT NULL,
  reason TEXT NOT NULL,
  findings TEXT NOT NULL,
  treatment TEXT NOT NULL
);

CREATE TABLE purchases (
  purchase_id INTEGER PRIMARY KEY,
  customer_number TEXT NOT NULL REFERENCES customers(customer_number),
  animal_id INTEGER REFERENCES animals(animal_id),
  purchased_on TEXT NOT NULL,
  item TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  amount_nok REAL NOT NULL
);

CREATE TABLE payments (
  payment_id INTEGER PRIMARY KEY,
  customer_number TEXT NOT NULL REFERENCES customers(customer_number),
  paid_on TEXT NOT NULL,
  amount_nok REAL NOT NULL,
  method TEXT NOT NULL,
  invoice_number TEXT NOT NULL
);

-- The switchboard's log: numbers called from and to, and when (seed 002, point 3).
CREATE TABLE phone_log (
  log_id INTEGER PRIMARY KEY,
  called_at TEXT NOT NULL,
  direction TEXT NOT NULL,
  from_number TEXT NOT NULL,
  to_number TEXT NOT NULL,
  duration_seconds INTEGER NOT NULL
);

CREATE TABLE emails (
  email_id INTEGER PRIMARY KEY,
  received_at TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  summary TEXT NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Customers

INSERT INTO customers VALUES
  ('FK-1001', 'Áile Ŋuollaš Čiekču', 'Gáddegeaidnu 3', '0000', 'Demoby', 'aile@fjordkanten-kunde.example', '+47 00 00 10 01', '1968-03-14', date('now', '-16 years', '-5 months')),
  ('FK-1002', 'Ingrid Solberg', 'Eksempelveien 12', '0000', 'Demoby', 'ingrid.solberg@post.example', '+47 00 00 10 02', '1985-11-02', date('now', '-4 years', '-1 months')),
  ('FK-1003', 'Kristoffer Haugland', 'Fjordgata 7B', '0000', 'Demoby', 'k.haugland@epost.example', '+47 00 00 10 03', '1979-06-21', date('now', '-7 years', '-8 months')),
  ('FK-1004', 'Marte Nilsen-Bakke', 'Bakkeveien 40', '0000', 'Demoby', 'marte.nb@post.example', '+47 00 00 10 04', '1992-01-30', date('now', '-2 years', '-6 months')),
  ('FK-1005', 'Ola Dahl', 'Strandvegen 2', '0000', 'Demoby', 'ola.dahl@epost.example', '+47 00 00 10 05', '2001-09-09', date('now', '-20 days')),
  ('FK-1006', 'Synnøve Årdal', 'Lia 15', '0000', 'Demoby', 'synnove.ardal@post.example', '+47 00 00 10 06', '1957-04-18', date('now', '-11 years', '-2 months'));

INSERT INTO consents (customer_number, consent, given_on, withdrawn_on) VALUES
  ('FK-1001', 'Informasjon og tilbud på e-post', date('now', '-16 years', '-5 months'), NULL),
  ('FK-1001', 'Vaksinepåminnelser på SMS', date('now', '-2 years'), NULL),
  ('FK-1002', 'Vaksinepåminnelser på SMS', date('now', '-4 years', '-1 months'), NULL),
  ('FK-1003', 'Informasjon og tilbud på e-post', date('now', '-7 years', '-8 months'), NULL),
  ('FK-1004', 'Informasjon og tilbud på e-post', date('now', '-2 years', '-6 months'), date('now', '-5 months')),
  ('FK-1005', 'Vaksinepåminnelser på SMS', date('now', '-20 days'), NULL),
  ('FK-1006', 'Informasjon og tilbud på e-post', date('now', '-11 years', '-2 months'), date('now', '-6 years'));

-- ---------------------------------------------------------------------------------------------
-- Animals

INSERT INTO animals VALUES
  (1, 'FK-1001', 'Guovža', 'hund', 'finsk lapphund', 'hannhund', date('now', '-17 years'), '000000000001001', NULL, date('now', '-9 years', '-6 months')),
  (2, 'FK-1001', 'Rievssat', 'katt', 'norsk skogkatt', 'hunnkatt, kastrert', date('now', '-9 years', '-2 months'), '000000000001002', NULL, NULL),
  (3, 'FK-1001', 'Čuovga', 'hund', 'lapsk vallhund', 'tispe', date('now', '-2 years', '-3 months'), '000000000001003', 'Fjellrev Forsikring', NULL),
  (4, 'FK-1002', 'Pusur', 'katt', 'huskatt', 'hannkatt, kastrert', date('now', '-6 years'), '000000000001004', NULL, NULL),
  (5, 'FK-1003', 'Balder', 'hund', 'golden retriever', 'hannhund', date('now', '-8 years'), '000000000001005', 'Fjellrev Forsikring', NULL),
  (6, 'FK-1004', 'Snøfrid', 'kanin', 'dvergvedder', 'hunn', date('now', '-3 years'), NULL, NULL, NULL),
  (7, 'FK-1005', 'Tassen', 'hund', 'blanding', 'hannhund', date('now', '-4 months'), NULL, NULL, NULL),
  (8, 'FK-1006', 'Mons', 'katt', 'huskatt', 'hannkatt, kastrert', date('now', '-14 years'), '000000000001008', NULL, date('now', '-6 years', '-1 months'));

-- ---------------------------------------------------------------------------------------------
-- Journal entries (kept at least ten years: forskrift om journal for dyrehelsepersonell § 6)

INSERT INTO journal_entries (animal_id, entry_date, veterinarian, reason, findings, treatment) VALUES
  -- Guovža: an old dog, put down nine and a half years ago. Four entries are older than ten years.
  (1, date('now', '-16 years', '-4 months'), 'dyrlege Kari Nordhagen', 'Vaksinasjon og helsesjekk', 'Frisk valp, normal vekt og utvikling.', 'Vaksine (valpesyke, parvo, HCC) og ormekur.'),
  (1, date('now', '-14 years', '-1 months'), 'dyrlege Kari Nordhagen', 'Halter på venstre framben', 'Overbelastning; ingen brudd på røntgen.', 'Hvile i to uker, smertestillende i fem dager.'),
  (1, date('now', '-12 years', '-6 months'), 'dyrlege Eirik Strand', 'Tannrens', 'Tannstein og én løs jeksel.', 'Tannrens i narkose; jekselen trukket.'),
  (1, date('now', '-10 years', '-5 months'), 'dyrlege Eirik Strand', 'Kul på brystet', 'Fettkul (lipom). Cellprøve sendt til eksternt laboratorium: godartet.', 'Ingen behandling; kontroll om seks måneder.'),
  (1, date('now', '-9 years', '-10 months'), 'dyrlege Kari Nordhagen', 'Kontroll av kul og alderssjekk', 'Kulen uendret. Begynnende artrose i begge hofter.', 'Smertestillende ved behov, kortere turer.'),
  (1, date('now', '-9 years', '-6 months'), 'dyrlege Kari Nordhagen', 'Avliving', 'Kraftig forverret artrose; klarer ikke å reise seg.', 'Avlivet etter samtale med eier. Kremering bestilt.'),
  -- Rievssat: a cat, alive; all entries younger than ten years.
  (2, date('now', '-9 years'), 'dyrlege Eirik Strand', 'Vaksinasjon og ID-merking', 'Frisk kattunge.', 'Vaksine; ID-merket og registrert i ID-registeret.'),
  (2, date('now', '-6 years', '-3 months'), 'dyrlege Eirik Strand', 'Kastrering', 'Frisk; normal narkose.', 'Kastrert; kontroll av sår etter ti dager.'),
  (2, date('now', '-3 years', '-1 months'), 'dyrlege Lena Bø', 'Oppkast og nedsatt matlyst', 'Hårball; blodprøve uten funn.', 'Diettfôr i to uker og maltpasta.'),
  (2, date('now', '-3 months'), 'dyrlege Lena Bø', 'Årlig helsesjekk', 'Frisk. Vekt 4,6 kg.', 'Vaksine.'),
  -- Čuovga: a young dog.
  (3, date('now', '-2 years'), 'dyrlege Lena Bø', 'Valpevaksine og ID-merking', 'Frisk valp.', 'Vaksine og ormekur; ID-merket og registrert i ID-registeret.'),
  (3, date('now', '-1 years', '-2 months'), 'dyrlege Lena Bø', 'Helseattest til forsikring', 'Frisk; ingen tidligere sykdom.', 'Helseattest sendt til Fjellrev Forsikring etter eiers ønske.'),
  (3, date('now', '-12 days'), 'dyrlege Kari Nordhagen', 'Kutt i pote etter tur', 'Kutt på 1 cm i tredeputen bak til høyre.', 'Renset og sydd; krage. Kontroll om ti dager.'),
  -- Other customers' animals.
  (4, date('now', '-4 years', '-1 months'), 'dyrlege Eirik Strand', 'Vaksinasjon', 'Frisk.', 'Vaksine.'),
  (4, date('now', '-8 months'), 'dyrlege Lena Bø', 'Halter på bakbein', 'Klo grodd inn i tredeputen.', 'Klo klippet, sår renset.'),
  (5, date('now', '-7 years', '-8 months'), 'dyrlege Kari Nordhagen', 'Vaksinasjon og ID-merking', 'Frisk valp.', 'Vaksine; ID-merket.'),
  (5, date('now', '-2 years', '-2 months'), 'dyrlege Eirik Strand', 'Øreinfeksjon', 'Rødt og væskende venstre øre.', 'Øredråper i ti dager.'),
  (5, date('now', '-5 months'), 'dyrlege Eirik Strand', 'Korsbåndskade', 'Avrevet fremre korsbånd i høyre kne. Henvist til spesialist.', 'Henvisning med røntgenbilder sendt til ortopedisk spesialist; skadeoppgjør meldt til Fjellrev Forsikring.'),
  (6, date('now', '-2 years', '-6 months'), 'dyrlege Lena Bø', 'Tannkontroll', 'Lange fortenner.', 'Tenner filt ned.'),
  (7, date('now', '-18 days'), 'dyrlege Lena Bø', 'Valpevaksine', 'Frisk valp.', 'Vaksine og ormekur.'),
  (8, date('now', '-10 years', '-9 months'), 'dyrlege Kari Nordhagen', 'Urinveisproblemer', 'Krystaller i urinen.', 'Diettfôr.'),
  (8, date('now', '-6 years', '-1 months'), 'dyrlege Kari Nordhagen', 'Avliving', 'Nyresvikt i sluttfase.', 'Avlivet etter samtale med eier.');

-- ---------------------------------------------------------------------------------------------
-- Purchases and payments (accounting records, kept five years after the financial year: bokføringsloven § 13)

INSERT INTO purchases (customer_number, animal_id, purchased_on, item, quantity, amount_nok) VALUES
  ('FK-1001', 1, date('now', '-9 years', '-10 months'), 'Smertestillende tabletter, 30 stk.', 1, 389.00),
  ('FK-1001', 2, date('now', '-6 years', '-3 months'), 'Diettfôr katt, 2 kg', 2, 598.00),
  ('FK-1001', 2, date('now', '-3 years', '-1 months'), 'Maltpasta', 1, 149.00),
  ('FK-1001', 3, date('now', '-1 years', '-11 months'), 'Valpefôr, 12 kg', 1, 899.00),
  ('FK-1001', 3, date('now', '-12 days'), 'Beskyttelseskrage, str. M', 1, 219.00),
  ('FK-1002', 4, date('now', '-8 months'), 'Klotang', 1, 179.00),
  ('FK-1003', 5, date('now', '-2 years', '-2 months'), 'Øredråper, 15 ml', 1, 265.00),
  ('FK-1003', 5, date('now', '-5 months'), 'Leddtilskudd hund, 120 tabletter', 1, 549.00),
  ('FK-1004', 6, date('now', '-2 years', '-6 months'), 'Høy, 1 kg', 3, 237.00),
  ('FK-1005', 7, date('now', '-18 days'), 'Valpefôr, 3 kg', 1, 329.00);

INSERT INTO payments (customer_number, paid_on, amount_nok, method, invoice_number) VALUES
  ('FK-1001', date('now', '-9 years', '-10 months'), 1264.00, 'bankkort', '2000-0451'),
  ('FK-1001', date('now', '-9 years', '-6 months'), 1950.00, 'faktura', '2000-0519'),
  ('FK-1001', date('now', '-6 years', '-3 months'), 3348.00, 'bankkort', '2000-1187'),
  ('FK-1001', date('now', '-3 years', '-1 months'), 1424.00, 'Vipps', '2000-2230'),
  ('FK-1001', date('now', '-1 years', '-11 months'), 899.00, 'Vipps', '2000-2688'),
  ('FK-1001', date('now', '-3 months'), 875.00, 'Vipps', '2000-3310'),
  ('FK-1001', date('now', '-12 days'), 2119.00, 'bankkort', '2000-3472'),
  ('FK-1002', date('now', '-8 months'), 1029.00, 'Vipps', '2000-3101'),
  ('FK-1003', date('now', '-2 years', '-2 months'), 1015.00, 'bankkort', '2000-2511'),
  ('FK-1003', date('now', '-5 months'), 4299.00, 'faktura', '2000-3220'),
  ('FK-1004', date('now', '-2 years', '-6 months'), 987.00, 'Vipps', '2000-2401'),
  ('FK-1005', date('now', '-18 days'), 1129.00, 'bankkort', '2000-3455');

-- ---------------------------------------------------------------------------------------------
-- Phone log and emails (the clinic's own number is +47 00 00 00 05)

INSERT INTO phone_log (called_at, direction, from_number, to_number, duration_seconds) VALUES
  (datetime('now', 'start of day', '-13 days', '+8 hours', '+4 minutes'), 'inn', '+47 00 00 10 01', '+47 00 00 00 05', 184),
  (datetime('now', 'start of day', '-12 days', '+15 hours', '+40 minutes'), 'ut', '+47 00 00 00 05', '+47 00 00 10 01', 95),
  (datetime('now', 'start of day', '-2 days', '+10 hours', '+12 minutes'), 'inn', '+47 00 00 10 01', '+47 00 00 00 05', 61),
  (datetime('now', 'start of day', '-5 months', '+9 hours', '+30 minutes'), 'inn', '+47 00 00 10 03', '+47 00 00 00 05', 312),
  (datetime('now', 'start of day', '-21 days', '+11 hours', '+2 minutes'), 'inn', '+47 00 00 10 05', '+47 00 00 00 05', 143),
  (datetime('now', 'start of day', '-6 days', '+14 hours', '+55 minutes'), 'inn', '+47 00 00 10 02', '+47 00 00 00 05', 48);

INSERT INTO emails (received_at, from_address, to_address, subject, summary) VALUES
  (datetime('now', 'start of day', '-11 days', '+19 hours', '+20 minutes'), 'aile@fjordkanten-kunde.example', 'post@fjordkanten-dyreklinikk.example', 'Kontroll for Čuovga', 'Spør om kontrollen av poten kan flyttes til en ettermiddag.'),
  (datetime('now', 'start of day', '-10 days', '+9 hours', '+5 minutes'), 'post@fjordkanten-dyreklinikk.example', 'aile@fjordkanten-kunde.example', 'Sv: Kontroll for Čuovga', 'Ny time for kontroll bekreftet.'),
  (datetime('now', 'start of day', '-5 months', '+7 hours', '+45 minutes'), 'k.haugland@epost.example', 'post@fjordkanten-dyreklinikk.example', 'Henvisning for Balder', 'Ber om kopi av røntgenbilder og henvisning til forsikringsselskapet.'),
  (datetime('now', 'start of day', '-5 months', '-2 days', '+20 hours'), 'marte.nb@post.example', 'post@fjordkanten-dyreklinikk.example', 'Avmelding', 'Ønsker ikke lenger å få tilbud på e-post.');
