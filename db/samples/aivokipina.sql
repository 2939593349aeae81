-- Sample chat server of Aivokipinä ry (db/organisations/aivokipina.yaml), modelled on seed 004.
-- There is no permanent register of chat users: a chat holds a name or an email address only
-- when the person typed one into the chat's opening form (both optional). Fictional people only:
-- .example addresses, IP addresses from the documentation ranges (RFC 5737).
--
-- Dates are relative to the day the database is built ('now', see index.ts), all within the
-- notice's 90 days. The voluntary feedback is kept apart from the chats and names no one, so no
-- connector query can (or should) find it for a person.

CREATE TABLE chats (
  chat_id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  ended_at TEXT NOT NULL,
  ip_address TEXT NOT NULL,
  visitor_name TEXT,
  visitor_email TEXT
);

CREATE TABLE chat_messages (
  message_id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats(chat_id),
  sent_at TEXT NOT NULL,
  sender TEXT NOT NULL,
  message TEXT NOT NULL
);

CREATE TABLE contact_requests (
  request_id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  message TEXT NOT NULL,
  answered_at TEXT
);

CREATE TABLE feedback (
  feedback_id INTEGER PRIMARY KEY,
  given_on TEXT NOT NULL,
  age_group TEXT,
  region TEXT,
  role TEXT,
  topic TEXT,
  rating INTEGER,
  comment TEXT
);

INSERT INTO chats VALUES
  (1, datetime('now', 'start of day', '-12 days', '+13 hours', '+5 minutes'), datetime('now', 'start of day', '-12 days', '+13 hours', '+31 minutes'), '192.0.2.41', 'Aino', 'aino.virtanen@posti.example'),
  (2, datetime('now', 'start of day', '-40 days', '+9 hours', '+50 minutes'), datetime('now', 'start of day', '-40 days', '+10 hours', '+12 minutes'), '198.51.100.77', 'Sanna Lehtonen', NULL),
  (3, datetime('now', 'start of day', '-75 days', '+18 hours'), datetime('now', 'start of day', '-75 days', '+18 hours', '+20 minutes'), '203.0.113.9', NULL, 'eero.makela@sahkoposti.example'),
  (4, datetime('now', 'start of day', '-8 days', '+19 hours', '+10 minutes'), datetime('now', 'start of day', '-8 days', '+19 hours', '+25 minutes'), '203.0.113.9', NULL, 'eero.makela@sahkoposti.example'),
  -- An anonymous chat: nothing links it to anyone.
  (5, datetime('now', 'start of day', '-3 days', '+11 hours'), datetime('now', 'start of day', '-3 days', '+11 hours', '+9 minutes'), '192.0.2.200', NULL, NULL);

INSERT INTO chat_messages (chat_id, sent_at, sender, message) VALUES
  (1, datetime('now', 'start of day', '-12 days', '+13 hours', '+5 minutes'), 'asiakas', 'Hei! Lapseni sai juuri epilepsiadiagnoosin. Mistä saisimme tukea arkeen?'),
  (1, datetime('now', 'start of day', '-12 days', '+13 hours', '+8 minutes'), 'neuvoja', 'Hei Aino, hyvä että otit yhteyttä. Kerron ensin sopeutumisvalmennuskursseista perheille.'),
  (1, datetime('now', 'start of day', '-12 days', '+13 hours', '+25 minutes'), 'asiakas', 'Kiitos, voisitko lähettää kurssien tiedot sähköpostiini?'),
  (2, datetime('now', 'start of day', '-40 days', '+9 hours', '+50 minutes'), 'asiakas', 'Saako epilepsialääkkeistä Kela-korvausta, jos lääkitys vaihtuu?'),
  (2, datetime('now', 'start of day', '-40 days', '+9 hours', '+55 minutes'), 'neuvoja', 'Kyllä, erityiskorvattavuus koskee yleensä myös uutta lääkettä. Kerron, miten haet sitä.'),
  (3, datetime('now', 'start of day', '-75 days', '+18 hours'), 'asiakas', 'Voiko epilepsian kanssa ajaa autoa?'),
  (3, datetime('now', 'start of day', '-75 days', '+18 hours', '+6 minutes'), 'neuvoja', 'Se riippuu kohtauksista ja lääkärin arviosta. Kerron ajokorttisäännöistä.'),
  (4, datetime('now', 'start of day', '-8 days', '+19 hours', '+10 minutes'), 'asiakas', 'Jatkoa aiempaan: lääkäri antoi luvan ajaa. Pitääkö siitä ilmoittaa Traficomiin?'),
  (4, datetime('now', 'start of day', '-8 days', '+19 hours', '+14 minutes'), 'neuvoja', 'Lääkäri tekee ilmoituksen; sinun ei tarvitse tehdä mitään erikseen.'),
  (5, datetime('now', 'start of day', '-3 days', '+11 hours'), 'asiakas', 'Onko teillä vertaistukiryhmiä Demokaupungissa?'),
  (5, datetime('now', 'start of day', '-3 days', '+11 hours', '+4 minutes'), 'neuvoja', 'On, ryhmä kokoontuu kerran kuussa. Tiedot löytyvät tapahtumakalenterista.');

INSERT INTO contact_requests (created_at, name, email, message, answered_at) VALUES
  (datetime('now', 'start of day', '-12 days', '+22 hours', '+40 minutes'), 'Aino Virtanen', 'aino.virtanen@posti.example', 'Lisäkysymys kursseista: onko syksyn kurssilla vielä tilaa?', datetime('now', 'start of day', '-11 days', '+9 hours', '+15 minutes')),
  (datetime('now', 'start of day', '-30 days', '+23 hours', '+5 minutes'), 'Mikko Järvinen', 'mikko.jarvinen@posti.example', 'Työnantajani kysyy, saako minut sijoittaa yövuoroihin. Mitä oikeuksia minulla on?', datetime('now', 'start of day', '-29 days', '+10 hours')),
  (datetime('now', 'start of day', '-2 days', '+21 hours', '+30 minutes'), 'Helmi Korhonen', 'helmi.korhonen@sahkoposti.example', 'Haluaisin liittyä vapaaehtoiseksi tukihenkilöksi. Kenelle voin soittaa?', NULL);

INSERT INTO feedback (given_on, age_group, region, role, topic, rating, comment) VALUES
  (date('now', '-12 days'), '35–44', 'Uusimaa', 'läheinen', 'sopeutumisvalmennus', 5, 'Sain paljon tietoa.'),
  (date('now', '-40 days'), '25–34', 'Pirkanmaa', 'epilepsiaa sairastava', 'etuudet', 4, NULL),
  (date('now', '-3 days'), NULL, NULL, 'epilepsiaa sairastava', 'vertaistuki', 5, NULL);
