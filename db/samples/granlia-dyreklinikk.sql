-- Sample systems of Granlia Dyreklinikk (db/organisations/granlia-dyreklinikk.yaml), modelled on
-- seed 003: website analytics, web forms in the CRM, case records in the order system, the
-- switchboard's phone log and staff email. Fictional people only: .example addresses,
-- +47 00 00 .. .. phone numbers, IP addresses from the documentation ranges (RFC 5737).
-- Dates are relative to the day the database is built ('now', see index.ts).
--
-- Analytics data names no one: it can be found for a person only through the analytics cookie
-- id that a web form records when it is sent.

CREATE TABLE web_forms (
  form_id INTEGER PRIMARY KEY,
  submitted_at TEXT NOT NULL,
  form TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  animal_name TEXT,
  message TEXT NOT NULL,
  analytics_client_id TEXT
);

CREATE TABLE web_analytics (
  view_id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL,
  visited_at TEXT NOT NULL,
  page TEXT NOT NULL,
  referrer TEXT,
  browser TEXT NOT NULL,
  ip_address TEXT NOT NULL
);

CREATE TABLE case_records (
  record_id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  channel TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  animal_name TEXT,
  summary TEXT NOT NULL
);

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
  sent_at TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  summary TEXT NOT NULL
);

INSERT INTO web_forms (submitted_at, form, name, email, phone, animal_name, message, analytics_client_id) VALUES
  (datetime('now', 'start of day', '-9 days', '+21 hours', '+14 minutes'), 'timebestilling', 'Tuva Bergersen', 'tuva.bergersen@post.example', '+47 00 00 20 01', 'Luna', 'Luna klør seg mye i ørene. Kan vi få time neste uke?', 'GA1.2.000000001'),
  (datetime('now', 'start of day', '-3 months', '+7 hours', '+2 minutes'), 'reseptbestilling', 'Håkon Lie', 'hakon.lie@epost.example', '+47 00 00 20 02', 'Rocky', 'Trenger ny resept på hjertemedisin til Rocky.', 'GA1.2.000000002'),
  (datetime('now', 'start of day', '-2 days', '+12 hours', '+30 minutes'), 'kontakt', 'Randi Øvrebø', 'randi.ovrebo@post.example', NULL, 'Frøya', 'Hva koster kastrering av hunnkatt?', 'GA1.2.000000003'),
  (datetime('now', 'start of day', '-1 months', '+18 hours'), 'timebestilling', 'Tuva Bergersen', 'tuva.bergersen@post.example', '+47 00 00 20 01', 'Luna', 'Vaksinering av Luna.', 'GA1.2.000000001');

INSERT INTO web_analytics (client_id, visited_at, page, referrer, browser, ip_address) VALUES
  ('GA1.2.000000001', datetime('now', 'start of day', '-9 days', '+21 hours', '+9 minutes'), '/', 'søkemotor', 'Firefox 132, Linux, 1920x1080', '192.0.2.14'),
  ('GA1.2.000000001', datetime('now', 'start of day', '-9 days', '+21 hours', '+11 minutes'), '/tjenester/hud-og-orer', '/', 'Firefox 132, Linux, 1920x1080', '192.0.2.14'),
  ('GA1.2.000000001', datetime('now', 'start of day', '-9 days', '+21 hours', '+13 minutes'), '/bestill-time', '/tjenester/hud-og-orer', 'Firefox 132, Linux, 1920x1080', '192.0.2.14'),
  ('GA1.2.000000002', datetime('now', 'start of day', '-3 months', '+7 hours'), '/resept', 'direkte', 'Safari 18, iOS, 390x844', '198.51.100.23'),
  ('GA1.2.000000003', datetime('now', 'start of day', '-2 days', '+12 hours', '+25 minutes'), '/priser', 'sosiale medier', 'Chrome 131, Android, 412x915', '203.0.113.7'),
  ('GA1.2.000000003', datetime('now', 'start of day', '-2 days', '+12 hours', '+28 minutes'), '/kontakt', '/priser', 'Chrome 131, Android, 412x915', '203.0.113.7'),
  -- A visitor who never sent a form: nobody can be linked to these views.
  ('GA1.2.000000099', datetime('now', 'start of day', '-4 days', '+10 hours'), '/', 'søkemotor', 'Edge 131, Windows, 1366x768', '198.51.100.200');

INSERT INTO case_records (created_at, channel, name, email, phone, animal_name, summary) VALUES
  (datetime('now', 'start of day', '-9 days', '+8 hours', '+15 minutes'), 'e-post', 'Tuva Bergersen', 'tuva.bergersen@post.example', '+47 00 00 20 01', 'Luna', 'Time for ørekontroll bekreftet.'),
  (datetime('now', 'start of day', '-3 months', '+8 hours'), 'telefon', 'Håkon Lie', 'hakon.lie@epost.example', '+47 00 00 20 02', 'Rocky', 'Ny resept på hjertemedisin sendt til apotek.'),
  (datetime('now', 'start of day', '-42 days', '+13 hours'), 'telefon', 'Jonas Eikrem', NULL, '+47 00 00 20 04', 'Kira', 'Ringte om hund som har spist sjokolade; rådet til å komme inn straks.'),
  (datetime('now', 'start of day', '-5 days', '+9 hours'), 'telefon', 'Sunniva Holt', NULL, '+47 00 00 20 05', 'Pelle', 'Spør om marsvin kan vaksineres; ringes tilbake.');

INSERT INTO phone_log (called_at, direction, from_number, to_number, duration_seconds) VALUES
  (datetime('now', 'start of day', '-3 months', '+7 hours', '+58 minutes'), 'inn', '+47 00 00 20 02', '+47 00 00 00 06', 201),
  (datetime('now', 'start of day', '-42 days', '+12 hours', '+58 minutes'), 'inn', '+47 00 00 20 04', '+47 00 00 00 06', 264),
  (datetime('now', 'start of day', '-5 days', '+8 hours', '+57 minutes'), 'inn', '+47 00 00 20 05', '+47 00 00 00 06', 87),
  (datetime('now', 'start of day', '-4 days', '+14 hours', '+10 minutes'), 'ut', '+47 00 00 00 06', '+47 00 00 20 05', 132);

INSERT INTO emails (sent_at, from_address, to_address, subject, summary) VALUES
  (datetime('now', 'start of day', '-9 days', '+8 hours', '+14 minutes'), 'post@granlia-dyreklinikk.example', 'tuva.bergersen@post.example', 'Timebekreftelse for Luna', 'Bekrefter time for ørekontroll.'),
  (datetime('now', 'start of day', '-1 days', '+9 hours', '+40 minutes'), 'post@granlia-dyreklinikk.example', 'randi.ovrebo@post.example', 'Sv: Kastrering av hunnkatt', 'Pris og ledige timer for kastrering.'),
  (datetime('now', 'start of day', '-1 days', '+20 hours', '+3 minutes'), 'randi.ovrebo@post.example', 'post@granlia-dyreklinikk.example', 'Sv: Sv: Kastrering av hunnkatt', 'Takker og vil bestille time.');
