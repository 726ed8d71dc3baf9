-- Issue 15 §4: per category, extra questions the filing form asks (server/domain/category-questions.ts)
-- and a notice shown before filing ("Per una fuga di gas chiama subito il 112"), which can also stop
-- the category from being filed by citizens. A report keeps its answers as they were asked.
--
-- Locks: category is a small table (its check reads it once); report gets a column without a
-- default, so it is not rewritten.
ALTER TABLE category
  ADD COLUMN questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(questions) = 'array'),
  ADD COLUMN notice text,
  ADD COLUMN notice_blocks boolean NOT NULL DEFAULT false,
  -- Citizens stopped from filing are told why.
  ADD CONSTRAINT category_block_has_notice CHECK (NOT notice_blocks OR notice IS NOT NULL);
ALTER TABLE report ADD COLUMN answers jsonb;
