-- Sample campaign lists of Klartone Telemarketing ApS (db/organisations/klartone-tm.yaml), a
-- processor modelled on seed 001, calling for two of its clients, lygtebaererne and
-- engblomst-naturvaern. Fictional people only: .example addresses, +45 00 00 .. .. phone numbers,
-- and CPR numbers with day 32 in the birth date, so that none can belong to anyone.
--
-- Dates are relative to the day the database is built ('now', see index.ts): the lists are
-- deleted on the controller's instructions, typically 6 months after the campaign.
-- Every row says which controller it belongs to (client_slug), since a request must be passed
-- on to "the organisation you were called about".

CREATE TABLE campaigns (
  campaign_id INTEGER PRIMARY KEY,
  client_slug TEXT NOT NULL,
  client_name TEXT NOT NULL,
  campaign_name TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  delete_on TEXT NOT NULL
);

CREATE TABLE contacts (
  contact_id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(campaign_id),
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  address_updated_from_cpr_on TEXT,
  called_at TEXT,
  answer TEXT
);

CREATE TABLE cpr_numbers (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(contact_id),
  cpr_number TEXT NOT NULL,
  collected_at TEXT NOT NULL
);

CREATE TABLE agreements (
  agreement_id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(contact_id),
  agreement_type TEXT NOT NULL,
  amount_dkk REAL NOT NULL,
  frequency TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  sent_to_client_on TEXT
);

CREATE TABLE payment_details (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(contact_id),
  method TEXT NOT NULL,
  reg_number TEXT,
  account_number TEXT,
  card_reference TEXT
);

INSERT INTO campaigns VALUES
  (1, 'lygtebaererne', 'Lygtebærerne', 'Faste støtter, efterår', date('now', '-5 months', '-10 days'), date('now', '-1 months'), date('now', '-1 months', '+6 months')),
  (2, 'engblomst-naturvaern', 'Engblomst Naturværn', 'Nye medlemmer, vinter', date('now', '-42 days'), date('now', '+14 days'), date('now', '+14 days', '+6 months'));

INSERT INTO contacts (contact_id, campaign_id, name, address, postcode, city, phone, email, address_updated_from_cpr_on, called_at, answer) VALUES
  (1, 1, 'Karen Østergaard Holm', 'Lærkevej 8', '9999', 'Demoby', '+45 00 00 20 01', 'karen.holm@post.example', date('now', '-2 months', '-5 days'), datetime('now', 'start of day', '-2 months', '+18 hours', '+12 minutes'), 'Ja til fast støtte'),
  (2, 1, 'Preben Lund', 'Kirkegade 21, 2. th.', '9999', 'Demoby', '+45 00 00 20 02', NULL, date('now', '-5 months', '-10 days'), datetime('now', 'start of day', '-5 months', '+17 hours', '+40 minutes'), 'Ja til en enkelt gave'),
  (3, 1, 'Ulrik Bech', 'Skovbrynet 3', '9999', 'Demoby', '+45 00 00 20 03', NULL, date('now', '-3 months', '-7 days'), datetime('now', 'start of day', '-3 months', '+19 hours', '+5 minutes'), 'Nej tak'),
  (4, 1, 'Freja Dalsgaard', 'Åvej 14', '9999', 'Demoby', '+45 00 00 20 04', 'freja.dalsgaard@mail.example', NULL, NULL, 'Ikke truffet (tre forsøg)'),
  (5, 2, 'Freja Dalsgaard', 'Åvej 14', '9999', 'Demoby', '+45 00 00 20 04', 'freja.dalsgaard@mail.example', date('now', '-28 days'), datetime('now', 'start of day', '-21 days', '+18 hours', '+30 minutes'), 'Ja til familiemedlemskab'),
  (6, 2, 'Niels Brandt', 'Bygaden 5', '9999', 'Demoby', '+45 00 00 20 05', NULL, date('now', '-28 days'), datetime('now', 'start of day', '-21 days', '+19 hours', '+2 minutes'), 'Nej tak'),
  (7, 2, 'Aase Winther', 'Engtoften 11', '9999', 'Demoby', '+45 00 00 20 06', NULL, date('now', '-28 days'), datetime('now', 'start of day', '-28 days', '+17 hours', '+45 minutes'), 'Ønsker ikke at blive ringet op igen');

INSERT INTO cpr_numbers VALUES
  (1, '320176-0001', datetime('now', 'start of day', '-2 months', '+18 hours', '+20 minutes'));

INSERT INTO agreements (contact_id, agreement_type, amount_dkk, frequency, starts_on, sent_to_client_on) VALUES
  (1, 'Fast støtte via Betalingsservice', 150, 'månedlig', date('now', '-2 months', 'start of month', '+1 months'), date('now', '-2 months', '+1 days')),
  (2, 'Enkeltgave', 300, 'én gang', date('now', '-5 months'), date('now', '-5 months', '+1 days')),
  (5, 'Familiemedlemskab via Betalingsservice', 495, 'årlig', date('now', '-21 days', 'start of month', '+1 months'), date('now', '-21 days', '+1 days'));

INSERT INTO payment_details (contact_id, method, reg_number, account_number, card_reference) VALUES
  (1, 'Betalingsservice', '0000', '0000123401', NULL),
  (2, 'Betalingskort via betalingslink', NULL, NULL, 'Kort sluttende på 0000, betalt'),
  (5, 'Betalingsservice', '0000', '0000987605', NULL);
