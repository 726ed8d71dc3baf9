-- Receipts sent to one address in the last day are counted at each filing
-- (services/outbox.ts, enqueueReceipt): found by the lower-cased address, newest first.
CREATE INDEX outbox_receipts_by_address ON outbox (lower(recipient), created_at) WHERE kind = 'receipt';
