-- Receipts sent to one address in the last day are counted at each filing
-- (services/outbox.ts, enqueueReceipt): found by the lower-cased address, newest first.
CREATE INDEX outbox_receipts_by_address ON outbox (lower(recipient), created_at) WHERE kind = 'receipt';

-- Errors kept before addresses were stripped from them (mail/sender.ts, withoutRecipient) lose the
-- addresses now: an SMTP reply often quotes the recipient.
UPDATE outbox
SET last_error = replace(
      regexp_replace(last_error, '[^\s<>()\[\]{},;:"''\\@]+@[^\s<>()\[\]{},;:"''\\@]+', '<address>', 'g'),
      split_part(recipient, '@', 1), '<address>')
WHERE last_error IS NOT NULL AND length(split_part(recipient, '@', 1)) >= 2;
