import { pieceWords } from '../planning/words.ts';

/**
 * The words of moderation edits of a report's public text (README, staff API
 * `POST /admin/reports/{reference}/text`): the form, the original shown to staff, the history line.
 * Italian first.
 */
export const textEditWords = pieceWords({
  it: {
    heading: 'Modifica il testo pubblico',
    intro: 'Per togliere un nome, un dato personale o un insulto. Il pubblico vedrà solo il testo nuovo; il testo originale resta visibile al personale. Il cittadino non riceve e-mail.',
    title: 'Titolo',
    details: 'Descrizione',
    reason: 'Motivo della modifica',
    reasonHint: 'Resta nella cronologia interna, con il tuo nome. Il pubblico non lo vede.',
    submit: 'Salva il testo',
    done: 'Testo pubblico modificato.',
    'err.title': 'Il titolo deve avere almeno {min} caratteri.',
    'err.details': 'Scrivi la descrizione.',
    'err.reason': 'Scrivi il motivo della modifica.',
    'err.same': 'Il testo è uguale a quello attuale: cambia il titolo o la descrizione.',
    original: 'Testo originale',
    originalHint: 'Come era stato scritto, prima delle modifiche del personale. Solo il personale lo vede.',
    'event.both': 'Testo pubblico modificato: titolo e descrizione',
    'event.title': 'Testo pubblico modificato: titolo',
    'event.details': 'Testo pubblico modificato: descrizione',
  },
  en: {
    heading: 'Edit the public text',
    intro: 'To take out a name, personal data or an insult. The public will see only the new text; the original stays visible to staff. The citizen gets no e-mail.',
    title: 'Title',
    details: 'Description',
    reason: 'Reason for the edit',
    reasonHint: 'Kept in the internal history, with your name. The public does not see it.',
    submit: 'Save the text',
    done: 'Public text edited.',
    'err.title': 'The title needs at least {min} characters.',
    'err.details': 'Write the description.',
    'err.reason': 'Write the reason for the edit.',
    'err.same': 'The text is the same as now: change the title or the description.',
    original: 'Original text',
    originalHint: 'As it was written, before staff edited it. Only staff see it.',
    'event.both': 'Public text edited: title and description',
    'event.title': 'Public text edited: title',
    'event.details': 'Public text edited: description',
  },
});
