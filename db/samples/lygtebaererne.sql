-- Sample member system of Lygtebærerne (db/organisations/lygtebaererne.yaml), a fictional Danish
-- charity and client of the demo telemarketing agency klartone-tm. Fictional people only:
-- .example addresses, +45 00 00 .. .. phone numbers, CPR numbers with day 32 in the birth date.
-- Dates are relative to the day the database is built ('now', see index.ts), within the
-- retention periods of the register (accounting records 5 years, contact details 2 years after
-- the membership ends, calling campaigns 6 months for those who declined).
--
-- Karen Østergaard Holm, Preben Lund, Ulrik Bech and Freja Dalsgaard were called by Klartone
-- Telemarketing for the charity and are also on Klartone's campaign list (db/samples/klartone-tm.sql).

CREATE TABLE members (
  member_number TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  member_type TEXT NOT NULL,
  joined_on TEXT NOT NULL,
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

CREATE TABLE cpr_numbers (
  member_number TEXT PRIMARY KEY REFERENCES members(member_number),
  cpr_number TEXT NOT NULL,
  registered_on TEXT NOT NULL
);

CREATE TABLE payments (
  payment_id INTEGER PRIMARY KEY,
  member_number TEXT NOT NULL REFERENCES members(member_number),
  paid_on TEXT NOT NULL,
  amount_dkk REAL NOT NULL,
  kind TEXT NOT NULL,
  receipt_number TEXT NOT NULL,
  reported_to_tax_agency INTEGER NOT NULL
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
  ('L-0317', 'Torben Skovgaard', 'Havnegade 2', '9999', 'Demoby', '+45 00 00 30 01', 'torben.skovgaard@post.example', 'medlem', date('now', '-8 years', '-2 months'), NULL),
  ('L-0588', 'Mette Frandsen', 'Rosenvænget 17', '9999', 'Demoby', '+45 00 00 30 02', 'mette.frandsen@mail.example', 'fast støtte', date('now', '-6 years'), date('now', '-1 years')),
  ('L-1019', 'Preben Lund', 'Kirkegade 21, 2. th.', '9999', 'Demoby', '+45 00 00 20 02', NULL, 'giver (enkeltgave)', date('now', '-5 months'), NULL),
  ('L-1042', 'Karen Østergaard Holm', 'Lærkevej 8', '9999', 'Demoby', '+45 00 00 20 01', 'karen.holm@post.example', 'fast støtte', date('now', '-2 months', '+1 days'), NULL);

INSERT INTO payment_agreements (member_number, method, amount_dkk, frequency, started_on, ended_on) VALUES
  ('L-0317', 'Betalingsservice', 250, 'årlig', date('now', '-8 years', '-2 months'), NULL),
  ('L-0588', 'Betalingsservice', 100, 'månedlig', date('now', '-6 years'), date('now', '-1 years')),
  ('L-1042', 'Betalingsservice', 150, 'månedlig', date('now', '-2 months', 'start of month', '+1 months'), NULL);

INSERT INTO cpr_numbers VALUES
  ('L-0317', '320158-0002', date('now', '-4 years', '-3 months')),
  ('L-1042', '320176-0001', date('now', '-2 months', '+1 days'));

INSERT INTO payments (member_number, paid_on, amount_dkk, kind, receipt_number, reported_to_tax_agency) VALUES
  ('L-0317', date('now', '-4 years', '-2 months'), 250, 'kontingent', 'K-2201', 0),
  ('L-0317', date('now', '-4 years', '-1 months'), 500, 'gave', 'G-2214', 1),
  ('L-0317', date('now', '-3 years', '-2 months'), 250, 'kontingent', 'K-2388', 0),
  ('L-0317', date('now', '-2 years', '-2 months'), 250, 'kontingent', 'K-2571', 0),
  ('L-0317', date('now', '-2 years', '-1 months'), 500, 'gave', 'G-2590', 1),
  ('L-0317', date('now', '-1 years', '-2 months'), 250, 'kontingent', 'K-2760', 0),
  ('L-0317', date('now', '-2 months'), 250, 'kontingent', 'K-2947', 0),
  ('L-0588', date('now', '-3 years'), 1200, 'fast støtte (årets 12 betalinger)', 'F-2310', 0),
  ('L-0588', date('now', '-2 years'), 1200, 'fast støtte (årets 12 betalinger)', 'F-2502', 0),
  ('L-0588', date('now', '-1 years'), 1200, 'fast støtte (årets 12 betalinger)', 'F-2711', 0),
  ('L-1019', date('now', '-5 months'), 300, 'gave (betalingskort)', 'G-2861', 0),
  ('L-1042', date('now', '-1 months', 'start of month'), 150, 'fast støtte', 'F-2960', 1),
  ('L-1042', date('now', 'start of month'), 150, 'fast støtte', 'F-2998', 1);

INSERT INTO campaign_calls (member_number, called_at, called_by, name, phone, address, answer, agreement) VALUES
  ('L-1042', datetime('now', 'start of day', '-2 months', '+18 hours', '+12 minutes'), 'Klartone Telemarketing ApS', 'Karen Østergaard Holm', '+45 00 00 20 01', 'Lærkevej 8, 9999 Demoby', 'Ja til fast støtte', 'Fast støtte 150 kr. om måneden via Betalingsservice'),
  ('L-1019', datetime('now', 'start of day', '-5 months', '+17 hours', '+40 minutes'), 'Klartone Telemarketing ApS', 'Preben Lund', '+45 00 00 20 02', 'Kirkegade 21, 2. th., 9999 Demoby', 'Ja til en enkelt gave', 'Enkeltgave 300 kr. med betalingskort'),
  (NULL, datetime('now', 'start of day', '-3 months', '+19 hours', '+5 minutes'), 'Klartone Telemarketing ApS', 'Ulrik Bech', '+45 00 00 20 03', 'Skovbrynet 3, 9999 Demoby', 'Nej tak', NULL),
  -- Freja Dalsgaard was on the list the charity gave Klartone, but was never reached.
  (NULL, datetime('now', 'start of day', '-35 days', '+18 hours', '+50 minutes'), 'Klartone Telemarketing ApS', 'Freja Dalsgaard', '+45 00 00 20 04', 'Åvej 14, 9999 Demoby', 'Ikke truffet (tre forsøg)', NULL);

INSERT INTO newsletter_consents (email, given_at, how, withdrawn_at) VALUES
  ('torben.skovgaard@post.example', datetime('now', 'start of day', '-3 years', '+20 hours', '+11 minutes'), 'Tilmelding på lygtebaererne.example med bekræftelsesmail', NULL),
  ('mette.frandsen@mail.example', datetime('now', 'start of day', '-5 years', '+12 hours'), 'Afkrydsning ved indmeldelse', datetime('now', 'start of day', '-10 months', '+8 hours', '+3 minutes')),
  ('anja.mikkelsen@post.example', datetime('now', 'start of day', '-7 months', '+21 hours', '+40 minutes'), 'Tilmelding på lygtebaererne.example med bekræftelsesmail', NULL);
