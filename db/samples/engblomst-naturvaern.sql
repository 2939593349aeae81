-- Sample member system of Engblomst Naturværn (db/organisations/engblomst-naturvaern.yaml), a
-- fictional Danish nature-conservation association and client of the demo telemarketing agency
-- klartone-tm. Fictional people only: .example addresses, +45 00 00 .. .. phone numbers.
-- Dates are relative to the day the database is built ('now', see index.ts), within the
-- retention periods of the register (membership 1 year after it ends, accounting records
-- 5 years, sign-ups 3 months after the activity, calling campaigns 6 months).
--
-- Freja Dalsgaard, Niels Brandt and Aase Winther were called by Klartone Telemarketing for the
-- association and are also on Klartone's campaign list (db/samples/klartone-tm.sql).

CREATE TABLE members (
  member_number TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL,
  phone TEXT,
  email TEXT
);

CREATE TABLE memberships (
  membership_id INTEGER PRIMARY KEY,
  member_number TEXT NOT NULL REFERENCES members(member_number),
  membership_type TEXT NOT NULL,
  joined_on TEXT NOT NULL,
  local_group TEXT,
  ended_on TEXT
);

CREATE TABLE payment_agreements (
  agreement_id INTEGER PRIMARY KEY,
  member_number TEXT NOT NULL REFERENCES members(member_number),
  method TEXT NOT NULL,
  amount_dkk REAL NOT NULL,
  frequency TEXT NOT NULL,
  started_on TEXT NOT NULL,
  ended_on TEXT
);

CREATE TABLE payments (
  payment_id INTEGER PRIMARY KEY,
  member_number TEXT NOT NULL REFERENCES members(member_number),
  paid_on TEXT NOT NULL,
  amount_dkk REAL NOT NULL,
  kind TEXT NOT NULL,
  receipt_number TEXT NOT NULL
);

CREATE TABLE volunteer_signups (
  signup_id INTEGER PRIMARY KEY,
  member_number TEXT REFERENCES members(member_number),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  activity TEXT NOT NULL,
  activity_on TEXT NOT NULL,
  signed_up_at TEXT NOT NULL
);

CREATE TABLE campaign_calls (
  call_id INTEGER PRIMARY KEY,
  member_number TEXT REFERENCES members(member_number),
  called_at TEXT NOT NULL,
  called_by TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  address TEXT NOT NULL,
  answer TEXT NOT NULL,
  agreement TEXT
);

CREATE TABLE newsletter_consents (
  consent_id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  given_at TEXT NOT NULL,
  how TEXT NOT NULL,
  withdrawn_at TEXT
);

INSERT INTO members VALUES
  ('E-0112', 'Gunnar Højgaard', 'Mosevej 30', '9999', 'Demoby', '+45 00 00 40 01', 'gunnar.hojgaard@post.example'),
  ('E-0847', 'Birthe Juul', 'Toftevej 6', '9999', 'Demoby', '+45 00 00 40 02', 'birthe.juul@mail.example'),
  ('E-1203', 'Freja Dalsgaard', 'Åvej 14', '9999', 'Demoby', '+45 00 00 20 04', 'freja.dalsgaard@mail.example');

INSERT INTO memberships (member_number, membership_type, joined_on, local_group, ended_on) VALUES
  ('E-0112', 'personligt medlemskab', date('now', '-12 years', '-4 months'), 'Demoby Mose', NULL),
  ('E-0847', 'personligt medlemskab', date('now', '-4 years'), 'Demoby Syd', date('now', '-6 months')),
  ('E-1203', 'familiemedlemskab', date('now', '-21 days', '+1 days'), 'Demoby Syd', NULL);

INSERT INTO payment_agreements (member_number, method, amount_dkk, frequency, started_on, ended_on) VALUES
  ('E-0112', 'Betalingsservice', 350, 'årlig', date('now', '-12 years', '-4 months'), NULL),
  ('E-0847', 'betalingskort', 350, 'årlig', date('now', '-4 years'), date('now', '-6 months')),
  ('E-1203', 'Betalingsservice', 495, 'årlig', date('now', '-21 days', 'start of month', '+1 months'), NULL);

INSERT INTO payments (member_number, paid_on, amount_dkk, kind, receipt_number) VALUES
  ('E-0112', date('now', '-4 years', '-4 months'), 350, 'kontingent', 'EK-4120'),
  ('E-0112', date('now', '-3 years', '-4 months'), 350, 'kontingent', 'EK-4388'),
  ('E-0112', date('now', '-2 years', '-4 months'), 350, 'kontingent', 'EK-4650'),
  ('E-0112', date('now', '-2 years', '-1 months'), 200, 'gave til mosepleje', 'EG-4702'),
  ('E-0112', date('now', '-1 years', '-4 months'), 350, 'kontingent', 'EK-4911'),
  ('E-0112', date('now', '-4 months'), 350, 'kontingent', 'EK-5172'),
  ('E-0847', date('now', '-3 years'), 350, 'kontingent', 'EK-4470'),
  ('E-0847', date('now', '-2 years'), 350, 'kontingent', 'EK-4731'),
  ('E-0847', date('now', '-1 years'), 350, 'kontingent', 'EK-4995');

INSERT INTO volunteer_signups (member_number, name, phone, activity, activity_on, signed_up_at) VALUES
  ('E-0112', 'Gunnar Højgaard', '+45 00 00 40 01', 'Naturplejedag: slåning af engen ved Demoby Mose', date('now', '-35 days'), datetime('now', 'start of day', '-56 days', '+19 hours')),
  ('E-0112', 'Gunnar Højgaard', '+45 00 00 40 01', 'Naturplejedag: rydning af pilekrat', date('now', '+14 days'), datetime('now', 'start of day', '-6 days', '+20 hours', '+15 minutes')),
  (NULL, 'Signe Lykke', '+45 00 00 40 03', 'Naturplejedag: rydning af pilekrat', date('now', '+14 days'), datetime('now', 'start of day', '-4 days', '+12 hours', '+30 minutes')),
  (NULL, 'Signe Lykke', '+45 00 00 40 03', 'Optælling af engblomster', date('now', '-2 months'), datetime('now', 'start of day', '-70 days', '+9 hours'));

INSERT INTO campaign_calls (member_number, called_at, called_by, name, phone, address, answer, agreement) VALUES
  ('E-1203', datetime('now', 'start of day', '-21 days', '+18 hours', '+30 minutes'), 'Klartone Telemarketing ApS', 'Freja Dalsgaard', '+45 00 00 20 04', 'Åvej 14, 9999 Demoby', 'Ja til familiemedlemskab', 'Familiemedlemskab 495 kr. om året via Betalingsservice'),
  (NULL, datetime('now', 'start of day', '-21 days', '+19 hours', '+2 minutes'), 'Klartone Telemarketing ApS', 'Niels Brandt', '+45 00 00 20 05', 'Bygaden 5, 9999 Demoby', 'Nej tak', NULL),
  (NULL, datetime('now', 'start of day', '-28 days', '+17 hours', '+45 minutes'), 'Klartone Telemarketing ApS', 'Aase Winther', '+45 00 00 20 06', 'Engtoften 11, 9999 Demoby', 'Ønsker ikke at blive ringet op igen', NULL);

INSERT INTO newsletter_consents (email, given_at, how, withdrawn_at) VALUES
  ('gunnar.hojgaard@post.example', datetime('now', 'start of day', '-6 years', '+10 hours'), 'Tilmelding på engblomst-naturvaern.example med bekræftelsesmail', NULL),
  ('signe.lykke@post.example', datetime('now', 'start of day', '-70 days', '+9 hours', '+5 minutes'), 'Afkrydsning ved tilmelding til optælling af engblomster', NULL),
  ('birthe.juul@mail.example', datetime('now', 'start of day', '-4 years', '+8 hours'), 'Afkrydsning ved indmeldelse', datetime('now', 'start of day', '-6 months', '+7 hours'));
