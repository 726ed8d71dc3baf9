import type { Sql } from '../db/connect.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { type Logger, redactEmailAddresses } from '../log.ts';
import { repeatingJob } from './repeating-job.ts';
import type { MailTransport } from '../mail/sender.ts';
import { type Locale, type StreetDigestLine, renderStreetConfirmMail, renderStreetDigestMail } from '../mail/templates.ts';
import { type ReportStatus } from '../domain/status.ts';
import { readLink, signLink } from './signed-links.ts';

/**
 * Following a street (README "E-mail notifications"): an address asks to hear of the reports
 * published or closed on one street. Double opt-in: the request only stores the row; the mail job
 * below sends the confirmation link, and nothing else goes to the address until it is confirmed.
 * Then at most one digest a day per address, every message with a one-click
 * unsubscribe link (and the List-Unsubscribe header, RFC 8058) that deletes the rows. Unconfirmed
 * rows are deleted after UNCONFIRMED_DAYS.
 */

/** Streets one address may follow in one municipality. */
export const SUBSCRIPTIONS_PER_ADDRESS = 10;
/** New subscriptions (so confirmation mails) one address may get in 24 hours, from every municipality. */
export const CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3;
/** Days an unconfirmed subscription, and its confirmation link, last. */
export const UNCONFIRMED_DAYS = 7;
/** An unsubscribe link must keep working for as long as anyone keeps the mail. */
const UNSUBSCRIBE_LINK_DAYS = 3650;
/** Hours between two digests to one address. */
export const DIGEST_HOURS = 24;
/** pg_advisory_xact_lock(STREET_LOCK, hash of the address): subscriptions and digest claims of one address, one at a time. */
const STREET_LOCK = 4_242_016;
const DAY_MS = 86_400_000;

/** The statuses a digest announces as closed (a merge into another report is bookkeeping, not news). */
const CLOSED_NEWS: ReportStatus[] = ['resolved', 'rejected'];

export interface NewSubscription {
  streetId: number;
  email: string;
  locale: Locale;
}

/**
 * Stores a subscription waiting for confirmation. The answer is the same whether the address
 * already followed the street or not: nobody learns from it what a stranger's address follows.
 */
export async function subscribe(sql: Sql, municipalityId: number, s: NewSubscription): Promise<void> {
  const address = s.email.toLowerCase();
  await sql.begin(async (tx) => {
    const [street] = await tx`SELECT id FROM street WHERE municipality_id = ${municipalityId} AND id = ${s.streetId}`;
    if (!street) throw notFound('Street');
    // Counted one at a time per address: the lock lasts until this transaction commits (see enqueueReceipt).
    await tx`SELECT pg_advisory_xact_lock(${STREET_LOCK}, hashtext(${address}))`;
    const [counts] = await tx<{ here: number; same: number; recent: number }[]>`
      SELECT count(*) FILTER (WHERE municipality_id = ${municipalityId})::int AS here,
             count(*) FILTER (WHERE municipality_id = ${municipalityId} AND street_id = ${s.streetId})::int AS same,
             count(*) FILTER (WHERE created_at > now() - make_interval(hours => ${DIGEST_HOURS}))::int AS recent
      FROM street_subscription WHERE lower(email) = ${address}`;
    if (counts.same > 0) return;
    if (counts.here >= SUBSCRIPTIONS_PER_ADDRESS) {
      throw new ApiError(409, 'too_many_subscriptions', `One address may follow at most ${SUBSCRIPTIONS_PER_ADDRESS} streets`, {
        fields: [{ field: 'email', message: `follows ${SUBSCRIPTIONS_PER_ADDRESS} streets already` }],
      });
    }
    if (counts.recent >= CONFIRMATIONS_PER_ADDRESS_PER_DAY) {
      throw new ApiError(429, 'rate_limited', 'This address has asked to follow too many streets today: please try again tomorrow', {
        retryAfterSeconds: DIGEST_HOURS * 3600,
      });
    }
    await tx`
      INSERT INTO street_subscription (municipality_id, street_id, email, locale)
      VALUES (${municipalityId}, ${s.streetId}, ${s.email}, ${s.locale})`;
  });
}

const linkUsed = (message: string) => new ApiError(410, 'link_used', message);

/** The confirmation link's subject is the subscription's id; the link works once. */
export async function confirmSubscription(sql: Sql, key: Buffer, municipalityId: number, token: string): Promise<{ streetId: number; streetName: string }> {
  const claims = readLink(key, token, 'street_confirm', municipalityId);
  const id = subscriptionId(claims.subject);
  const [row] = await sql<{ street_id: number; street_name: string }[]>`
    UPDATE street_subscription s SET confirmed_at = now()
    FROM street st
    WHERE s.id = ${id} AND s.municipality_id = ${municipalityId} AND s.confirmed_at IS NULL
      AND st.municipality_id = s.municipality_id AND st.id = s.street_id
    RETURNING s.street_id, st.name AS street_name`;
  if (row) return { streetId: row.street_id, streetName: row.street_name };
  const [known] = await sql`SELECT 1 FROM street_subscription WHERE id = ${id} AND municipality_id = ${municipalityId}`;
  throw linkUsed(known ? 'This address already follows the street' : 'This request to follow a street no longer exists: ask again from the street page');
}

/**
 * Ends following: the unsubscribe link names the subscriptions of one mail (one street, or every
 * street the mail was about), and deleting them erases the address.
 */
export async function unsubscribe(sql: Sql, key: Buffer, municipalityId: number, token: string): Promise<{ unsubscribed: number }> {
  const claims = readLink(key, token, 'street_unsubscribe', municipalityId);
  if (!/^\d{1,18}(,\d{1,18}){0,49}$/.test(claims.subject)) throw new ApiError(400, 'invalid_link', 'This link is not valid');
  const ids = claims.subject.split(',');
  const rows = await sql`
    DELETE FROM street_subscription
    WHERE municipality_id = ${municipalityId} AND id IN ${sql(ids)} AND confirmed_at IS NOT NULL
    RETURNING id`;
  if (!rows.length) throw linkUsed('This address no longer follows these streets');
  return { unsubscribed: rows.length };
}

function subscriptionId(subject: string): string {
  if (!/^\d{1,18}$/.test(subject)) throw new ApiError(400, 'invalid_link', 'This link is not valid');
  return subject;
}

/** The hourly sweep: unconfirmed subscriptions go after UNCONFIRMED_DAYS. */
export async function purgeUnconfirmedSubscriptions(sql: Sql, days = UNCONFIRMED_DAYS): Promise<number> {
  const rows = await sql`
    DELETE FROM street_subscription WHERE confirmed_at IS NULL AND created_at < now() - make_interval(days => ${days}) RETURNING id`;
  return rows.length;
}

export interface StreetMailOptions {
  sql: Sql;
  secretKey: Buffer;
  logger: Logger;
  transport: MailTransport;
  from: string;
  /** Base of the links (the widget page when relative; the one-click unsubscribe endpoint). */
  publicUrl?: string;
  /** Seconds a process holds an address it is mailing; another may take it after that. */
  leaseSeconds?: number;
  /** Milliseconds since the epoch, for the links' expiry; tests pass their own. */
  now?: () => number;
}

interface Place {
  municipality_id: number;
  slug: string;
  municipality_name: string;
  widget_page_url: string | null;
}

/**
 * The mail of street subscriptions: confirmation links and the daily digests. Several processes
 * may run it: a confirmation is claimed with FOR UPDATE SKIP LOCKED and a lease; a digest claims
 * every subscription of its address under an advisory lock, after checking (under the lock) that
 * no digest went to the address in the last day and none is being sent. A process that dies
 * between sending and marking loses its lease, and the mail may go once more, with the same
 * Message-ID (mail clients drop the copy).
 */
export function createStreetMail(o: StreetMailOptions) {
  const lease = o.leaseSeconds ?? 300;
  const now = o.now ?? Date.now;

  function pageUrl(p: Place): string | null {
    if (!p.widget_page_url) return null;
    const page = /^https?:\/\//.test(p.widget_page_url) ? p.widget_page_url : o.publicUrl ? new URL(p.widget_page_url, o.publicUrl).toString() : null;
    return page && page.split('#')[0];
  }

  const linkTo = (p: Place, hash: string) => {
    const page = pageUrl(p);
    return page ? `${page}#segnala/${hash}` : null;
  };

  function unsubscribeLinks(p: Place, ids: string[]) {
    const token = signLink(o.secretKey, {
      purpose: 'street_unsubscribe',
      municipalityId: p.municipality_id,
      subject: ids.join(','),
      expiresAt: now() + UNSUBSCRIBE_LINK_DAYS * DAY_MS,
    });
    const oneClick = o.publicUrl
      ? new URL(`/api/v1/${p.slug}/street-subscriptions/one-click-unsubscribe?token=${token}`, o.publicUrl).toString()
      : null;
    return { page: linkTo(p, `link/street_unsubscribe/${token}`), oneClick };
  }

  async function sendConfirmations(limit: number): Promise<number> {
    const rows = await o.sql<(Place & { id: string; email: string; locale: Locale; street_name: string })[]>`
      WITH due AS (
        SELECT id FROM street_subscription
        WHERE confirmed_at IS NULL AND confirm_sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE street_subscription s SET claimed_until = now() + make_interval(secs => ${lease})
      FROM due, street st, municipality m
      WHERE s.id = due.id AND st.municipality_id = s.municipality_id AND st.id = s.street_id AND m.id = s.municipality_id
      RETURNING s.id, s.email, s.locale, s.municipality_id, st.name AS street_name, m.slug, m.name AS municipality_name, m.widget_page_url`;
    let sent = 0;
    for (const row of rows) {
      try {
        const token = signLink(o.secretKey, {
          purpose: 'street_confirm',
          municipalityId: row.municipality_id,
          subject: row.id,
          expiresAt: now() + UNCONFIRMED_DAYS * DAY_MS,
        });
        const mail = renderStreetConfirmMail(row.locale, {
          municipalityName: row.municipality_name,
          streetName: row.street_name,
          confirmUrl: linkTo(row, `link/street_confirm/${token}`),
          days: UNCONFIRMED_DAYS,
        });
        await o.transport.send({ from: o.from, to: row.email, ...mail, messageId: `<street-confirm-${row.id}@segnala>` });
        await o.sql`UPDATE street_subscription SET confirm_sent_at = now(), claimed_until = NULL WHERE id = ${row.id}`;
        sent++;
      } catch (err) {
        // Retried once the lease ends; an address that never takes mail goes with the unconfirmed after 7 days.
        o.logger.warn('street confirmation not sent', { subscriptionId: row.id, error: redactEmailAddresses(String((err as Error).message ?? err)).slice(0, 300) });
      }
    }
    return sent;
  }

  /** Addresses with news on a street they follow and no digest in the last day (from any municipality). */
  async function dueAddresses(limit: number) {
    return o.sql<{ address: string }[]>`
      SELECT lower(s.email) AS address
      FROM street_subscription s
      WHERE s.confirmed_at IS NOT NULL
      GROUP BY 1
      HAVING (max(s.last_sent_at) IS NULL OR max(s.last_sent_at) <= now() - make_interval(hours => ${DIGEST_HOURS}))
        AND bool_and(s.claimed_until IS NULL OR s.claimed_until < now())
        AND bool_or(EXISTS (${newsOn(o.sql)}))
      LIMIT ${limit}`;
  }

  async function sendDigest(address: string): Promise<boolean> {
    // Under the lock, if no digest went to the address in the last day (from any municipality of
    // this server) and none is being sent: claim its subscriptions in one municipality with news,
    // the one it heard from least recently (a digest speaks for one municipality, whose links it carries).
    let municipalityId = 0;
    const claimed = await o.sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${STREET_LOCK}, hashtext(${address}))`;
      const [busy] = await tx`
        SELECT 1 FROM street_subscription
        WHERE lower(email) = ${address}
          AND (last_sent_at > now() - make_interval(hours => ${DIGEST_HOURS}) OR claimed_until >= now())`;
      if (busy) return null;
      const [pick] = await tx<{ municipality_id: number }[]>`
        SELECT s.municipality_id FROM street_subscription s
        WHERE lower(s.email) = ${address} AND s.confirmed_at IS NOT NULL AND EXISTS (${newsOn(o.sql)})
        GROUP BY 1 ORDER BY max(s.last_sent_at) NULLS FIRST, 1 LIMIT 1`;
      if (!pick) return null;
      municipalityId = pick.municipality_id;
      return tx<{ id: string; email: string; locale: Locale; street_id: number; since: Date; until: Date }[]>`
        UPDATE street_subscription SET claimed_until = now() + make_interval(secs => ${lease})
        WHERE municipality_id = ${municipalityId} AND lower(email) = ${address} AND confirmed_at IS NOT NULL
        RETURNING id, email, locale, street_id, greatest(last_sent_at, confirmed_at) AS since, now() AS until`;
    });
    if (!claimed?.length) return false;
    const ids = claimed.map((c) => c.id);
    const release = () => o.sql`UPDATE street_subscription SET claimed_until = NULL WHERE id IN ${o.sql(ids)}`;
    try {
      const until = claimed[0].until;
      const [place] = await o.sql<Place[]>`
        SELECT id AS municipality_id, slug, name AS municipality_name, widget_page_url FROM municipality WHERE id = ${municipalityId}`;
      const lines = await o.sql<(StreetDigestLine & { subscription_id: string })[]>`
        SELECT s.id AS subscription_id, st.name AS "streetName", r.reference, c.name AS "categoryName", r.status
        FROM street_subscription s
        JOIN street st ON st.municipality_id = s.municipality_id AND st.id = s.street_id
        JOIN report r ON r.municipality_id = s.municipality_id AND r.street_id = s.street_id
        JOIN category c ON c.id = r.category_id
        JOIN municipality m ON m.id = s.municipality_id
        WHERE s.id IN ${o.sql(ids)} AND ${changedBetween(o.sql, o.sql`greatest(s.last_sent_at, s.confirmed_at)`, until)}
        ORDER BY st.name, r.created_at, r.id`;
      if (!lines.length) {
        await release();
        return false;
      }
      const streets = [...new Set(lines.map((l) => l.subscription_id))];
      const all = unsubscribeLinks(place, streets);
      const mail = renderStreetDigestMail(claimed[0].locale, {
        municipalityName: place.municipality_name,
        lines: lines.map((l) => ({
          ...l,
          reportUrl: linkTo(place, `report/${l.reference}`),
          unsubscribeUrl: unsubscribeLinks(place, [l.subscription_id]).page,
        })),
        unsubscribeAllUrl: all.page,
      });
      const day = until.toISOString().slice(0, 10).replace(/-/g, '');
      const headers: Record<string, string> = {};
      if (all.oneClick) {
        headers['List-Unsubscribe'] = `<${all.oneClick}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      await o.transport.send({ from: o.from, to: claimed[0].email, ...mail, headers, messageId: `<street-digest-${ids[0]}-${day}@segnala>` });
      // Every claimed row takes the digest's time, so the next one waits a day and starts from here.
      await o.sql`UPDATE street_subscription SET last_sent_at = ${until}, claimed_until = NULL WHERE id IN ${o.sql(ids)}`;
      return true;
    } catch (err) {
      await release().catch(() => undefined);
      o.logger.warn('street digest not sent', { subscriptionId: ids[0], error: redactEmailAddresses(String((err as Error).message ?? err)).slice(0, 300) });
      return false;
    }
  }

  /** One round: confirmations, then the digests that are due. */
  async function runOnce(limit = 20): Promise<{ confirmations: number; digests: number }> {
    const confirmations = await sendConfirmations(limit);
    let digests = 0;
    for (const a of await dueAddresses(limit)) if (await sendDigest(a.address)) digests++;
    return { confirmations, digests };
  }

  return { runOnce, ...repeatingJob(runOnce, { logger: o.logger, failure: 'street mail round failed' }) };
}

/**
 * A report on the subscription `s`'s street (alias `r`, municipality `m`) that the public can see
 * and that, between `since` and `until`, was published (filed where reports are public on
 * arrival, accepted where staff look first, or shown again after moderation) or closed.
 */
function changedBetween(sql: Sql, since: ReturnType<Sql>, until: Date | ReturnType<Sql>) {
  return sql`r.published AND r.status <> 'hidden' AND (
      (r.created_at > ${since} AND r.created_at <= ${until} AND m.publish_on_arrival)
      OR (r.closed_at > ${since} AND r.closed_at <= ${until} AND r.status IN ${sql(CLOSED_NEWS)})
      OR EXISTS (
        SELECT 1 FROM report_event e
        WHERE e.report_id = r.id AND e.type = 'status' AND e.created_at > ${since} AND e.created_at <= ${until}
          AND (e.data->>'from' = 'hidden' OR (e.data->>'from' = 'submitted' AND NOT m.publish_on_arrival))))`;
}

/** Whether subscription `s` has news now (for dueAddresses). */
const newsOn = (sql: Sql) => sql`
  SELECT 1 FROM report r JOIN municipality m ON m.id = r.municipality_id
  WHERE r.municipality_id = s.municipality_id AND r.street_id = s.street_id
    AND ${changedBetween(sql, sql`greatest(s.last_sent_at, s.confirmed_at)`, sql`now()`)}`;
