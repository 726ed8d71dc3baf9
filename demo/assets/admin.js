// The console page's language switch: `?lang=en` sets the page's language, which the console
// follows (it reads <html lang> when it has no lang attribute). No inline scripts: the page runs
// under a Content-Security-Policy without 'unsafe-inline'.
const lang = new URLSearchParams(location.search).get('lang');
if (lang === 'en' || lang === 'it') document.documentElement.lang = lang;
for (const link of document.querySelectorAll('[data-lang]')) {
  if (link.dataset.lang === document.documentElement.lang) link.setAttribute('aria-current', 'true');
}
