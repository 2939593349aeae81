-- Sample CRM and telemarketing lists of Dyreværnsringen – Dyrevagten
-- (db/organisations/dyrevaernsringen.yaml), modelled on seed 000. Fictional people only:
-- +45 00 00 .. .. phone numbers (no Danish number starts with 0); callers give no email.
--
-- Dates are relative to the day the database is built ('now', see index.ts), so the rules of the
-- notice hold: a caller is in the CRM at most 6 weeks after the call; a caller who declines
-- membership is deleted at once; the phone number alone stays 12 months on the do-not-call
-- list. Cases stay, but once a caller is deleted the call no longer points to them
-- (caller_id NULL), as for a caller who asked to remain anonymous.

CREATE TABLE callers (
  caller_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  first_call_at TEXT NOT NULL
);

CREATE TABLE cases (
  case_id INTEGER PRIMARY KEY,
  case_number TEXT NOT NULL UNIQUE,
  opened_at TEXT NOT NULL,
  animal TEXT NOT NULL,
  place TEXT NOT NULL,
  outcome TEXT
);

CREATE TABLE calls (
  call_id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(case_id),
  -- NULL: the caller asked to remain anonymous, or has been deleted from the CRM.
  caller_id INTEGER REFERENCES callers(caller_id),
  called_at TEXT NOT NULL,
  what_was_reported TEXT NOT NULL,
  advice_given TEXT
);

-- What the in-house telemarketing team sees: name and phone number, nothing about the call.
CREATE TABLE telemarketing_leads (
  lead_id INTEGER PRIMARY KEY,
  caller_id INTEGER NOT NULL REFERENCES callers(caller_id),
  passed_on_at TEXT NOT NULL,
  contacted_at TEXT,
  outcome TEXT
);

CREATE TABLE evaluations (
  evaluation_id INTEGER PRIMARY KEY,
  caller_id INTEGER NOT NULL REFERENCES callers(caller_id),
  sms_sent_at TEXT NOT NULL,
  answered_at TEXT,
  rating INTEGER,
  comment TEXT
);

-- The number only, used for nothing but not calling it again.
CREATE TABLE do_not_call (
  phone TEXT PRIMARY KEY,
  added_at TEXT NOT NULL,
  remove_on TEXT NOT NULL
);

-- ---------------------------------------------------------------------------------------------

INSERT INTO callers VALUES
  -- Bent Ravnsbjerg: a long history. He called about a neighbour's dogs eight months ago,
  -- declined membership (so he was deleted and his number went on the do-not-call list), and
  -- has called four times in the last five weeks about the same dogs.
  (1, 'Bent Ravnsbjerg', '+45 00 00 10 01', datetime('now', 'start of day', '-34 days', '+7 hours', '+42 minutes')),
  (2, 'Lise Kjærgaard', '+45 00 00 10 02', datetime('now', 'start of day', '-10 days', '+16 hours', '+5 minutes')),
  (3, 'Yasmin Haddad', '+45 00 00 10 03', datetime('now', 'start of day', '-23 days', '+20 hours', '+31 minutes')),
  (5, 'Henriette Bøgh', '+45 00 00 10 05', datetime('now', 'start of day', '-2 days', '+22 hours', '+48 minutes'));

INSERT INTO cases VALUES
  (1, 'DV-0311', datetime('now', 'start of day', '-8 months', '-3 days', '+9 hours'), 'to hunde (schæfer)', 'Mosevej, Demoby', 'Besøgt af frivillig dyreredder: hundene havde læ, vand og foder. Ingen vanrøgt.'),
  (2, 'DV-0702', datetime('now', 'start of day', '-34 days', '+7 hours', '+42 minutes'), 'to hunde (schæfer)', 'Mosevej, Demoby', 'Kredsformand på besøg to gange: ingen tegn på vanrøgt. Sagen lukket.'),
  (3, 'DV-0745', datetime('now', 'start of day', '-10 days', '+16 hours', '+5 minutes'), 'knopsvane med skadet vinge', 'Demoby Havn', 'Hentet af dyreredder og kørt til vildtplejestation.'),
  (4, 'DV-0723', datetime('now', 'start of day', '-23 days', '+20 hours', '+31 minutes'), 'kat efterladt i tom lejlighed', 'Stationsvej, Demoby', 'Kat hentet med politiets hjælp og anbragt på internat.'),
  (5, 'DV-0698', datetime('now', 'start of day', '-35 days', '+6 hours', '+15 minutes'), 'tre heste uden vand', 'Engvej, Demoby', 'Ejer kontaktet; vandkar repareret samme dag.'),
  (6, 'DV-0750', datetime('now', 'start of day', '-2 days', '+22 hours', '+48 minutes'), 'pindsvin i kælderskakt', 'Skolevej, Demoby', 'Råd givet; pindsvinet kom selv op ad en planke.'),
  (7, 'DV-0733', datetime('now', 'start of day', '-16 days', '+11 hours'), 'hund i varm bil', 'P-pladsen ved Demoby Brugs', 'Ejer fundet inden for få minutter.');

INSERT INTO calls (case_id, caller_id, called_at, what_was_reported, advice_given) VALUES
  -- Eight months ago: Bent has since been deleted from the CRM, so the call no longer points to him.
  (1, NULL, datetime('now', 'start of day', '-8 months', '-3 days', '+9 hours'), 'Naboens hunde står ude hele dagen og gør.', 'Sender en frivillig dyreredder forbi.'),
  (2, 1, datetime('now', 'start of day', '-34 days', '+7 hours', '+42 minutes'), 'Naboens hunde har ikke fået foder i flere dage.', 'Kredsformanden besøger adressen.'),
  (2, 1, datetime('now', 'start of day', '-27 days', '+8 hours', '+10 minutes'), 'Hundene gør om natten; tror de fryser.', 'Har været på besøg: hundene har isoleret hundehus.'),
  (2, 1, datetime('now', 'start of day', '-19 days', '+18 hours', '+55 minutes'), 'Den ene hund halter.', 'Kredsformanden besøger adressen igen.'),
  (2, 1, datetime('now', 'start of day', '-6 days', '+7 hours', '+30 minutes'), 'Hundene har været alene hjemme i weekenden.', 'Orienteret om, at sagen er lukket efter to besøg uden fund.'),
  (3, 2, datetime('now', 'start of day', '-10 days', '+16 hours', '+5 minutes'), 'Svane med hængende vinge ved havnen.', 'Hold afstand; en dyreredder er på vej.'),
  (4, 3, datetime('now', 'start of day', '-23 days', '+20 hours', '+31 minutes'), 'Kat har miavet i en tom lejlighed i tre dage; beboeren er flyttet.', 'Kontakter politiet og boligselskabet.'),
  -- Søren Æbeltoft's call five weeks ago: he declined membership and was deleted from the CRM.
  (5, NULL, datetime('now', 'start of day', '-35 days', '+6 hours', '+15 minutes'), 'Tre heste på en fold uden vand.', 'Kontakter ejeren.'),
  (6, 5, datetime('now', 'start of day', '-2 days', '+22 hours', '+48 minutes'), 'Pindsvin faldet ned i en kælderskakt.', 'Læg en planke eller et bræt ned, så det selv kan kravle op.'),
  -- An anonymous call: never transferred to the CRM.
  (7, NULL, datetime('now', 'start of day', '-16 days', '+11 hours'), 'Hund i varm bil på p-pladsen.', 'Ring 112, hvis hunden viser tegn på hedeslag.');

INSERT INTO telemarketing_leads (caller_id, passed_on_at, contacted_at, outcome) VALUES
  -- Bent's number is on the do-not-call list, so telemarketing does not call him.
  (1, datetime('now', 'start of day', '-33 days', '+9 hours'), NULL, 'Ikke ringet op: nummeret står på spærrelisten'),
  (2, datetime('now', 'start of day', '-9 days', '+9 hours'), NULL, NULL),
  (3, datetime('now', 'start of day', '-22 days', '+9 hours'), datetime('now', 'start of day', '-8 days', '+17 hours', '+20 minutes'), 'Ønskede medlemskab; sendt videre til medlemsservice'),
  (5, datetime('now', 'start of day', '-1 days', '+9 hours'), NULL, NULL);

INSERT INTO evaluations (caller_id, sms_sent_at, answered_at, rating, comment) VALUES
  (1, datetime('now', 'start of day', '-33 days', '+10 hours'), datetime('now', 'start of day', '-33 days', '+12 hours', '+3 minutes'), 2, 'I gør ikke nok for de stakkels hunde.'),
  (1, datetime('now', 'start of day', '-18 days', '+10 hours'), NULL, NULL, NULL),
  (2, datetime('now', 'start of day', '-9 days', '+10 hours'), datetime('now', 'start of day', '-9 days', '+10 hours', '+14 minutes'), 5, 'Hurtig hjælp, tusind tak!'),
  (3, datetime('now', 'start of day', '-22 days', '+10 hours'), datetime('now', 'start of day', '-21 days', '+8 hours'), 4, NULL),
  (5, datetime('now', 'start of day', '-1 days', '+10 hours'), NULL, NULL, NULL);

INSERT INTO do_not_call (phone, added_at, remove_on) VALUES
  ('+45 00 00 10 01', date('now', '-8 months'), date('now', '-8 months', '+12 months')),
  ('+45 00 00 10 04', date('now', '-28 days'), date('now', '-28 days', '+12 months')),
  ('+45 00 00 10 06', date('now', '-11 months'), date('now', '-11 months', '+12 months'));
