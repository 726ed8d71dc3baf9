/**
 * Response templates (README "Response templates"): the placeholders a template's text may hold,
 * and how a text is filled from the report being handled. Shared: the server refuses a template
 * naming a placeholder not listed here, the console fills them.
 */

/** Each placeholder, written in braces in a template's text: `{reference}`. */
export const TEMPLATE_PLACEHOLDERS = ['reference', 'category', 'street', 'expectedDate', 'office'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

/** A template's title, and its text (as long as the message it fills). */
export const TEMPLATE_TITLE_MAX = 100;
export const TEMPLATE_BODY_MAX = 5000;

/**
 * What reads as a placeholder: a word in braces, without spaces. Anything else in braces ("{ }",
 * a lone "{") is plain text, so a template may still hold a brace.
 */
const PLACEHOLDER = /\{([^{}\s]{1,40})\}/g;

/** The placeholders of a text that are not in the vocabulary, each once, in order. */
export function unknownPlaceholders(text: string): string[] {
  const unknown = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
  return [...new Set(unknown)];
}

/** The text with each placeholder replaced by its value; a missing value by `fallback(name)`. */
export function fillTemplate(text: string, values: Partial<Record<TemplatePlaceholder, string>>, fallback: (name: TemplatePlaceholder) => string = () => ''): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name)) return whole;
    const value = values[name as TemplatePlaceholder];
    return value !== undefined && value !== '' ? value : fallback(name as TemplatePlaceholder);
  });
}
