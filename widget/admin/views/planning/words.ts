import type { AdminTranslator } from '../../admin-i18n.ts';

type Vars = Record<string, string | number>;

/**
 * The words of a lazily loaded piece of the console, kept in the piece so that a clerk who never
 * opens it never downloads them. Same conventions as the console's catalogue (admin-i18n.ts):
 * `{name}` placeholders, numbers formatted in the console's language, `_one` / `_other` plurals;
 * the English table is typed by the Italian one's keys, so a missing word fails the build.
 */
export function pieceWords<K extends string>(tables: { it: Record<K, string>; en: NoInfer<Record<K, string>> }) {
  return (i18n: AdminTranslator) => {
    const table = tables[i18n.lang] ?? tables.it;
    const rules = new Intl.PluralRules(i18n.locale);
    const fill = (text: string, vars?: Vars) =>
      vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? (typeof vars[name] === 'number' ? i18n.number(vars[name]) : vars[name]) : m)) : text;
    const all = table as Record<string, string>;
    return {
      t: (key: K, vars?: Vars) => fill(table[key] ?? tables.it[key] ?? key, vars),
      /** `plural('recurrence.reports', 3)` reads `recurrence.reports_one` or `recurrence.reports_other`. */
      plural: (key: string, count: number, vars?: Vars) => {
        const chosen = `${key}_${rules.select(count) === 'one' ? 'one' : 'other'}`;
        return fill(all[chosen] ?? chosen, { count, ...vars });
      },
    };
  };
}
