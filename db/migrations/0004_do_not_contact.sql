-- An objection to direct marketing lasts until the person withdraws it (Art. 21(3)):
-- the entries made before this version carried the register's doNotContactPeriod as an
-- end date. Every entry the portal made came from an objection, so none has an end now;
-- entries made for another purpose later carry their own.
UPDATE `suppressions` SET `expires_at` = NULL WHERE `request_id` IN (SELECT `id` FROM `requests` WHERE `type` = 'objection');
