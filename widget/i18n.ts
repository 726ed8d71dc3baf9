/**
 * The widget's words, Italian (default) and English. Every string the widget shows is here; views
 * call `t('key', { name: value })`. Keys ending in `_one` / `_other` are chosen by `Intl.PluralRules`.
 * Dates and numbers are formatted in the locale of the language.
 */

const it = {
  'widget.label': 'Segnalazioni al Comune',
  'nav.label': 'Sezioni delle segnalazioni',
  'nav.map': 'Mappa e elenco',
  'nav.new': 'Nuova segnalazione',
  'nav.track': 'Segui la tua segnalazione',
  'nav.streets': 'Strade',
  'nav.stats': 'Statistiche',
  'loading': 'Caricamento…',
  'error.load': 'Non è stato possibile caricare i dati: {message}',
  'error.network': 'Il servizio non è raggiungibile. Controlla la connessione e riprova.',
  'error.notFound': 'Segnalazione non trovata.',
  'retry': 'Riprova',
  'back': 'Indietro',
  'backToList': 'Torna all’elenco',

  'status.submitted': 'Inviata',
  'status.accepted': 'Presa in carico',
  'status.in_progress': 'In lavorazione',
  'status.scheduled': 'Intervento programmato',
  'status.waiting_for_citizen': 'In attesa di informazioni dal cittadino',
  'status.resolved': 'Risolta',
  'status.rejected': 'Non accolta',
  'status.duplicate': 'Duplicata',
  'status.hidden': 'Nascosta',
  'status.label': 'Stato: {status}',

  'map.heading': 'Segnalazioni',
  'map.label': 'Mappa delle segnalazioni',
  'map.show': 'Mostra la mappa',
  'map.cluster_one': '{count} segnalazione in questa zona: ingrandisci',
  'map.cluster_other': '{count} segnalazioni in questa zona: ingrandisci',
  'map.spot_one': '{count} segnalazione in questo punto: mostra l’elenco',
  'map.spot_other': '{count} segnalazioni in questo punto: mostra l’elenco',
  'map.spotList_one': 'Elenco limitato a {count} segnalazione in un punto della mappa.',
  'map.spotList_other': 'Elenco limitato a {count} segnalazioni in un punto della mappa.',
  'map.spotListClear': 'Mostra tutto l’elenco',
  'map.showOnMap': 'Mostra sulla mappa',
  'map.zoomIn': 'Ingrandisci',
  'map.zoomOut': 'Riduci',
  'map.noLocation': 'senza posizione sulla mappa',
  'filters.label': 'Filtra le segnalazioni',
  'filters.status': 'Stato',
  'filters.status.open': 'Aperte',
  'filters.status.closed': 'Chiuse',
  'filters.status.all': 'Tutte',
  'filters.category': 'Tipo di disservizio',
  'filters.category.all': 'Tutti i tipi',
  'filters.street': 'Strada',
  'filters.street.all': 'Tutte le strade',
  'filters.q': 'Cerca nel testo',
  'filters.qHint': 'Almeno 3 lettere o cifre di seguito',
  'filters.qTooShort': 'Scrivi almeno una parola di 3 lettere o cifre',
  'filters.apply': 'Cerca',
  'filters.reset': 'Azzera i filtri',
  'list.count_one': '{count} segnalazione',
  'list.count_other': '{count} segnalazioni',
  'list.countMore': '{count} segnalazioni mostrate, altre disponibili',
  'list.empty': 'Nessuna segnalazione corrisponde alla ricerca.',
  'list.more': 'Mostra altre segnalazioni',
  'list.supports_one': '{count} persona si è associata',
  'list.supports_other': '{count} persone si sono associate',
  'list.filedOn': 'Inviata il {date}',

  'detail.reference': 'Segnalazione n. {reference}',
  'detail.category': 'Tipo di disservizio',
  'detail.place': 'Luogo',
  'detail.details': 'Descrizione',
  'detail.department': 'Ufficio competente',
  'detail.filed': 'Data di invio',
  'detail.history': 'Storico',
  'detail.noHistory': 'Nessun aggiornamento ancora.',
  'detail.duplicateOf': 'Questa segnalazione è stata unita alla n. {reference}.',
  'detail.photos': 'Foto',
  'detail.photo': 'Foto {n} di {total} della segnalazione {reference}',
  'photos.position': 'Foto {n} di {total}',
  'photos.prev': 'Foto precedente',
  'photos.next': 'Foto successiva',
  'photos.close': 'Chiudi',
  'event.created': 'Segnalazione ricevuta',
  'event.status': 'Stato cambiato: {status}',
  'event.reply': 'Risposta dell’ufficio',
  'event.merged': 'Unita a un’altra segnalazione',
  'event.other': 'Aggiornamento',

  'support.heading': 'Hai notato anche tu questo problema?',
  'support.count_one': '{count} persona si è associata',
  'support.count_other': '{count} persone si sono associate',
  'support.button': 'Mi associo',
  'support.joined': 'Hai aderito a questa segnalazione',
  'support.done': 'Grazie: ora le persone associate sono {count}.',
  'support.closed': 'La segnalazione è chiusa: non è più possibile associarsi.',
  'support.emailToggle': 'Avvisami via e-mail degli aggiornamenti (facoltativo)',
  'support.email': 'Indirizzo e-mail',
  'support.failed': 'Non è stato possibile associarti: {message}',
  'support.own': 'L’hai inviata tu da questo dispositivo: puoi seguirla con il tuo codice.',
  'support.notify': 'Avvisami',
  'support.notifyDone': 'Ti scriveremo a {email} quando cambia qualcosa.',

  'new.heading': 'Nuova segnalazione',
  'new.stepOf': 'Passo {n} di {total}',
  'new.steps': 'Avanzamento',
  'new.step1': 'Informativa sulla privacy',
  'new.step2': 'Dati della segnalazione',
  'new.step3': 'Riepilogo',
  'new.privacyText':
    'Per inviare una segnalazione il Comune tratta i dati che inserisci (luogo, descrizione e, se li indichi, i tuoi recapiti) solo per gestire la segnalazione e risponderti. I recapiti non vengono mai pubblicati.',
  'new.privacyLink': 'Leggi l’informativa sulla privacy',
  'new.privacyLinkNewTab': '(si apre in una nuova scheda)',
  'new.privacyAccept': 'Ho letto e compreso l’informativa sulla privacy',
  'new.privacyRequired': 'Per continuare devi accettare l’informativa sulla privacy.',
  'new.next': 'Avanti',
  'new.prev': 'Indietro',
  'new.required': 'obbligatorio',
  'new.requiredNote': 'I campi contrassegnati con * sono obbligatori.',
  'new.place': 'Luogo del disservizio',
  'new.placeHint': 'Scegli la strada dall’elenco, oppure indica il punto sulla mappa o usa la tua posizione.',
  'new.street': 'Strada',
  'new.streetHint': 'Scrivi almeno 2 lettere e scegli dall’elenco.',
  'new.civic': 'Numero civico o punto di riferimento',
  'new.civicHint': 'Per esempio: 12, oppure “davanti alla scuola”.',
  'new.useMyPosition': 'Usa la mia posizione',
  'new.locating': 'Ricerca della posizione…',
  'new.positionFailed': 'Non è stato possibile ottenere la tua posizione. Scegli la strada dall’elenco.',
  'new.positionOutside': 'La posizione è fuori dal territorio comunale.',
  'new.mapHint': 'Fai clic sulla mappa per indicare il punto; puoi trascinare il segnaposto per correggerlo.',
  'new.mapHintTouch': 'Tocca la mappa per indicare il punto; puoi trascinare il segnaposto per correggerlo.',
  'new.mapLabel': 'Mappa per indicare il luogo',
  'new.pin': 'Punto indicato',
  'new.pinSet': 'Punto indicato sulla mappa: {lat}, {lon}.',
  'new.removePin': 'Rimuovi il punto',
  'new.nearestStreet': 'La strada più vicina al punto è {street}.',
  'new.useNearestStreet': 'Usa {street}',
  'new.category': 'Tipo di disservizio',
  'new.categoryChoose': 'Scegli…',
  'new.notice': 'Attenzione:',
  'new.noticeBlocks': 'Non si segnala qui:',
  'new.yes': 'Sì',
  'new.no': 'No',
  'new.answerRequired': 'Rispondi a questa domanda.',
  'new.answerNumber': 'Scrivi un numero, per esempio 12 o 3,5.',
  'new.err.blocked': 'Questo tipo di problema non si segnala con questo modulo: leggi l’avviso dopo la descrizione.',
  'new.title': 'Titolo',
  'new.titleHint': 'Una frase breve, per esempio “Lampione spento”.',
  'new.details': 'Descrizione',
  'new.detailsHint': 'Descrivi il problema: che cosa, dove esattamente, da quando.',
  'new.contact': 'I tuoi recapiti (facoltativi)',
  'new.contactHint': 'Servono solo all’ufficio per contattarti; non saranno pubblicati.',
  'new.photos': 'Foto',
  'new.photosAdd': 'Aggiungi foto (facoltativo, fino a 3)',
  'new.photosTake': 'Scatta una foto',
  'new.photosHint':
    'JPEG, PNG, WebP o HEIC, al massimo 10 MB ciascuna. Le foto saranno pubblicate con la segnalazione, senza posizione né dati della fotocamera: evita volti e targhe.',
  'new.photosList': 'Foto allegate',
  'new.photosCount_one': '{count} foto allegata su {max}.',
  'new.photosCount_other': '{count} foto allegate su {max}.',
  'new.photoAlt': 'Anteprima della foto {n}: {name}',
  'new.photoRemove': 'Rimuovi foto {n}',
  'new.photoRemoved': 'Foto {n} rimossa.',
  'new.name': 'Nome e cognome',
  'new.email': 'E-mail',
  'new.phone': 'Telefono',
  'new.errorsTitle_one': 'C’è {count} errore da correggere:',
  'new.errorsTitle_other': 'Ci sono {count} errori da correggere:',
  'new.err.place': 'Indica la strada dall’elenco o un punto sulla mappa.',
  'new.err.streetPick': 'Scegli una strada dall’elenco dei suggerimenti.',
  'new.err.category': 'Scegli il tipo di disservizio.',
  'new.err.titleShort': 'Il titolo deve avere almeno 3 caratteri.',
  'new.err.title': 'Scrivi un titolo.',
  'new.err.titleLong': 'Il titolo può avere al massimo 150 caratteri.',
  'new.err.details': 'Scrivi una descrizione.',
  'new.err.detailsLong': 'La descrizione può avere al massimo 5000 caratteri.',
  'new.err.email': 'Scrivi un indirizzo e-mail valido, per esempio nome@esempio.it.',
  'new.err.phone': 'Scrivi un numero di telefono valido.',
  'new.err.server': 'Il server ha segnalato un problema: {message}',
  'new.err.photoTooBig': '“{name}” è troppo grande ({size}): ogni foto può essere al massimo di 10 MB.',
  'new.err.photosTooMany_one': 'Puoi allegare al massimo {max} foto: {names} non è stata aggiunta.',
  'new.err.photosTooMany_other': 'Puoi allegare al massimo {max} foto: {names} non sono state aggiunte.',
  'new.err.photoNotImage': 'La foto {n} (“{name}”) non è un’immagine JPEG, PNG o WebP leggibile: rimuovila o sostituiscila.',
  'new.err.photoTooBigServer': 'La foto {n} (“{name}”) supera i 10 MB: rimuovila o sostituiscila.',
  'new.err.photosTooBig': 'Le foto sono troppo grandi: al massimo 3 foto di 10 MB ciascuna.',
  'new.err.photoTooManyPixels': 'La foto {n} (“{name}”) ha troppi pixel per essere elaborata (al massimo 40 megapixel): scattala con una risoluzione più bassa o sostituiscila.',
  'new.err.busy': 'il servizio è occupato in questo momento. Riprova tra qualche secondo.',
  'new.err.rateLimited': 'sono state inviate troppe segnalazioni da questa rete. Riprova più tardi.',
  'new.duplicatesHeading': 'Segnalazioni simili già aperte qui vicino',
  'new.duplicatesHint':
    'Se il problema è lo stesso, associati con “Mi associo” invece di inviare una nuova segnalazione: l’ufficio saprà che riguarda più persone.',
  'new.duplicatesNone': 'Nessuna segnalazione simile aperta qui vicino.',
  'new.distance': 'a {meters} m',
  'new.summaryIntro': 'Controlla i dati prima di inviare.',
  'new.edit': 'Modifica',
  'new.editSection': 'Modifica: {section}',
  'new.notGiven': 'Non indicato',
  'new.onMap': 'Punto sulla mappa ({lat}, {lon})',
  'new.submit': 'Conferma e invia',
  'new.sending': 'Invio in corso…',
  'new.checking': 'Controllo anti-spam in corso, un momento…',
  'new.err.spam': 'Il modulo sembra compilato da un programma automatico. Se non è così, ricarica la pagina e riprova.',
  'new.err.formExpired': 'Il controllo anti-spam del modulo non è riuscito. Ricarica la pagina e riprova.',
  'new.honeypot': 'Non compilare questo campo',
  'new.uploadLabel': 'Invio delle foto',
  'new.uploaded': '{percent}% inviato',
  'new.processing': 'Foto ricevute, elaborazione in corso…',
  'new.sendFailed': 'La segnalazione non è stata inviata: {message} I dati inseriti sono stati conservati: puoi riprovare.',
  'new.doneHeading': 'Segnalazione inviata',
  'new.doneText': 'Grazie. La tua segnalazione è stata ricevuta ed è stata assegnata all’ufficio competente.',
  'new.doneReceipt': 'Ti stiamo inviando una ricevuta con il codice all’indirizzo {email}.',
  'new.reference': 'Numero della segnalazione',
  'new.trackingCode': 'Codice per seguire la segnalazione',
  'new.keepCode':
    'Conserva questo codice: è personale e ti serve per seguire lo stato della segnalazione. Non viene mostrato a nessun altro.',
  'new.copy': 'Copia il codice',
  'new.copied': 'Codice copiato negli appunti.',
  'new.copyFailed': 'Copia non riuscita: seleziona il codice e copialo a mano.',
  'new.trackIt': 'Segui la segnalazione',
  'new.another': 'Invia un’altra segnalazione',
  'new.notYetPublic': 'Sarà visibile a tutti dopo la verifica dell’ufficio.',

  'link.heading': 'Dal messaggio che hai ricevuto',
  'link.unknown': 'Questo collegamento non è valido: forse è stato copiato solo in parte. Aprilo di nuovo dal messaggio.',
  'track.heading': 'Segui la tua segnalazione',
  'track.intro': 'Inserisci il codice che hai ricevuto al momento dell’invio.',
  'track.code': 'Codice di monitoraggio',
  'track.codeHint': 'Per esempio 7KQ2-M9XH-4T. Maiuscole, minuscole e trattini non contano.',
  'track.submit': 'Cerca',
  'track.invalid': 'Il codice ha 10 lettere e cifre, per esempio 7KQ2-M9XH-4T.',
  'track.notFound': 'Nessuna segnalazione corrisponde a questo codice. Controlla di averlo scritto bene.',
  'track.dates': 'Date',
  'track.received': 'Ricevuta',
  'track.accepted': 'Presa in carico',
  'track.expected': 'Completamento previsto',
  'track.closed': 'Chiusa',
  'track.replies': 'Risposte dell’ufficio',
  'track.noReplies': 'Nessuna risposta ancora.',
  'track.notPublic': 'La segnalazione non è ancora pubblica: la vedi solo tu con questo codice.',
  'track.openPublic': 'Apri la pagina pubblica della segnalazione',
  'track.photosLater_one': 'Hai allegato {count} foto: la vedrai qui quando la segnalazione sarà pubblica.',
  'track.photosLater_other': 'Hai allegato {count} foto: le vedrai qui quando la segnalazione sarà pubblica.',

  // The office's promise (issue 13): target dates and whether they are kept
  'promise.heading': 'I tempi del Comune',
  'promise.intro': 'Per questo tipo di problema il Comune si impegna a rispettare questi tempi:',
  'promise.accept': 'Presa in carico',
  'promise.resolve': 'Risoluzione',
  'promise.by': 'entro {date}',
  'promise.pending': 'Nei tempi',
  'promise.late': 'In ritardo',
  'promise.onTime': 'Fatto nei tempi',
  'promise.doneLate': 'Fatto in ritardo',

  // Erasing one's contact data (issue 13)
  'erase.heading': 'I tuoi recapiti',
  'erase.intro': 'Il Comune conserva il nome, l’e-mail e il telefono che hai indicato, per scriverti su questa segnalazione. Puoi cancellarli ora: la segnalazione resta.',
  'erase.button': 'Cancella i miei recapiti',
  'erase.question': 'Vuoi cancellare nome, e-mail e telefono? Non riceverai più aggiornamenti per e-mail e l’ufficio non potrà contattarti. Non si può annullare.',
  'erase.confirm': 'Sì, cancella i recapiti',
  'erase.cancel': 'No, tienili',
  'erase.done': 'I tuoi recapiti sono stati cancellati. La segnalazione resta e puoi continuare a seguirla con il codice.',
  'erase.failed': 'Non è stato possibile cancellare i recapiti. Riprova tra poco.',

  // Is it really fixed? (issue 13) and the rating of the service
  'event.reopened': 'Riaperta: il problema non è risolto, torna all’ufficio',
  'check.heading': 'Il problema è risolto?',
  'check.intro': 'L’ufficio ha segnato la segnalazione come risolta. Dicci se il problema è davvero risolto: se non lo è, la segnalazione torna all’ufficio.',
  'check.legend': 'La tua risposta',
  'check.fixed': 'Sì, è risolto',
  'check.not_fixed': 'No, non è risolto',
  'check.dont_know': 'Non lo so',
  'check.send': 'Invia la risposta',
  'check.current': 'Hai risposto: «{answer}». Puoi cambiare risposta fino al {date}.',
  'check.saved': 'Grazie: la tua risposta è registrata.',
  'check.reopened': 'Grazie: la segnalazione è stata riaperta e torna all’ufficio.',
  'check.notResolved': 'La segnalazione non è più segnata come risolta: non c’è nulla da confermare.',
  'check.expired': 'Il tempo per rispondere è scaduto.',
  'check.failed': 'Non è stato possibile inviare la risposta: {message}',
  'check.link.heading': 'Il problema è davvero risolto?',
  'check.link.intro': 'Segnalazione {reference}. Hai scelto questa risposta:',
  'check.link.previous': 'Prima avevi risposto «{answer}»: confermando, la nuova risposta sostituisce quella.',
  'check.link.confirm': 'Conferma la risposta',
  'check.link.open': 'Vedi la segnalazione',
  'rating.heading': 'Com’è andata?',
  'rating.intro': 'Dai un voto al servizio del Comune per questa segnalazione. Il voto non è pubblico: il Comune lo usa solo nelle sue statistiche.',
  'rating.legend': 'Voto, da 1 (pessimo) a 5 (ottimo)',
  'rating.value': '{rating} su 5',
  'rating.comment': 'Commento (facoltativo)',
  'rating.send': 'Invia il voto',
  'rating.current': 'Il tuo voto: {rating} su 5. Puoi cambiarlo fino al {date}.',
  'rating.saved': 'Grazie: il tuo voto è registrato.',
  'rating.required': 'Scegli un voto da 1 a 5.',
  'rating.expired': 'Il tempo per dare un voto è scaduto.',
  'rating.failed': 'Non è stato possibile inviare il voto: {message}',

  'streets.heading': 'Strade',
  'streets.intro': 'Tutte le strade del Comune con il numero di segnalazioni aperte.',
  'streets.search': 'Cerca una strada',
  'streets.shown_one': '{count} strada',
  'streets.shown_other': '{count} strade',
  'streets.active_zero': 'nessuna segnalazione aperta',
  'streets.active_one': '{count} segnalazione aperta',
  'streets.active_other': '{count} segnalazioni aperte',
  'streets.onlyWithReports': 'Solo strade con segnalazioni aperte',
  'streets.reportsOf': 'Segnalazioni in {street}',
  'streets.allStreets': 'Tutte le strade',
  'streets.newHere': 'Segnala un problema in questa strada',

  // Follow a street
  'follow.heading': 'Segui questa via',
  'follow.intro': 'Ricevi per e-mail le segnalazioni pubblicate o chiuse in {street}: al massimo un messaggio al giorno, e in ognuno un link per smettere.',
  'follow.email': 'Il tuo indirizzo e-mail',
  'follow.button': 'Segui questa via',
  'follow.privacy':
    'Prima ti scriviamo per avere la conferma. L’indirizzo non viene mai mostrato; se non confermi entro 7 giorni viene cancellato, e lo cancelliamo quando smetti di seguire la via.',
  'follow.emailInvalid': 'Scrivi un indirizzo e-mail valido, come nome@esempio.it.',
  'follow.sent': 'Ti abbiamo scritto a {email}: apri il link nel messaggio per confermare.',
  'follow.another': 'Usa un altro indirizzo',
  'follow.tooMany': 'Questo indirizzo segue già il numero massimo di vie.',
  'follow.rateLimited': 'Troppe richieste da questo indirizzo o da questa rete: riprova più tardi.',
  'follow.failed': 'Non è stato possibile completare la richiesta: {message}',
  'follow.link.confirmHeading': 'Conferma: segui la via',
  'follow.link.confirmIntro':
    'Premi il pulsante per confermare: riceverai al massimo un messaggio al giorno con le segnalazioni pubblicate o chiuse nella via.',
  'follow.link.confirmButton': 'Conferma',
  'follow.link.confirmed': 'Fatto: ora segui {street}.',
  'follow.link.unsubscribeHeading': 'Smetti di seguire',
  'follow.link.unsubscribeIntro': 'Premi il pulsante per non ricevere più messaggi su queste vie: il tuo indirizzo verrà cancellato.',
  'follow.link.unsubscribeButton': 'Non seguire più',
  'follow.link.unsubscribed': 'Fatto: non segui più queste vie e il tuo indirizzo è stato cancellato.',
  'follow.link.expired': 'Questo link è scaduto.',
  'follow.link.expiredConfirm': 'Questo link di conferma è scaduto: chiedi di nuovo di seguire la via dalla sua pagina.',
  'follow.link.usedConfirm': 'Questa richiesta è già stata confermata, oppure non esiste più.',
  'follow.link.usedUnsubscribe': 'Non segui più queste vie: non c’è altro da fare.',

  // The citizen adds information, the office asks for it
  'event.citizenMessage': 'Messaggio di chi ha segnalato',
  'citizen.heading': 'Aggiungi informazioni',
  'citizen.intro': 'Puoi aggiungere un messaggio e fino a 3 foto alla tua segnalazione: l’ufficio riceve una notifica.',
  'citizen.replyHeading': 'Rispondi all’ufficio',
  'citizen.waiting': 'L’ufficio aspetta informazioni da te (la domanda è nella storia qui sopra): rispondi qui, anche con foto.',
  'citizen.replyIntro': 'Segnalazione {reference}. Scrivi la risposta e, se servono, aggiungi fino a 3 foto.',
  'citizen.question': 'La domanda dell’ufficio',
  'citizen.message': 'Messaggio',
  'citizen.messageHint': 'Non scrivere nome, telefono o altri dati personali: il messaggio può diventare pubblico.',
  'citizen.photos': 'Foto (facoltative)',
  'citizen.send': 'Invia il messaggio',
  'citizen.sending': 'Invio in corso…',
  'citizen.progress': 'Invio delle foto: {percent}%',
  'citizen.required': 'Scrivi un messaggio.',
  'citizen.sent': 'Grazie: il messaggio è arrivato all’ufficio ed è visibile nella storia della segnalazione.',
  'citizen.sentModerated': 'Grazie: il messaggio è arrivato all’ufficio; sarà pubblico dopo una verifica.',
  'citizen.sentBack': 'La segnalazione è tornata all’ufficio: stato «{status}».',
  'citizen.another': 'Scrivi un altro messaggio',
  'citizen.failed': 'Il messaggio non è stato inviato: {message}',
  'citizen.expired': 'Questo link è scaduto: puoi aggiungere informazioni con il codice della segnalazione, dalla pagina «Segui la tua segnalazione».',
  'citizen.closed': 'Questa segnalazione non accetta più messaggi.',
  'citizen.tooMany': 'Troppi invii: riprova fra un po’.',

  // Outside bodies: a report forwarded to another body, and that body's page (its mailed link)
  'detail.forwardedTo': 'Inoltrata a {body}, l’ente competente.',
  'event.forward': 'Inoltrata a {body}',
  'event.bodyUpdate': 'Aggiornamento da {body}',
  'event.bodyStatus': 'Stato cambiato da {body}: {status}',
  'body.heading': 'Aggiornamento da ente esterno',
  'body.intro': 'Segnalazione {reference}, inoltrata dal Comune a {body}.',
  'body.formHeading': 'Aggiorna i cittadini',
  'body.formIntro': 'Pubblico, a nome del vostro ente: chi la segue e l’ufficio ricevono un’e-mail.',
  'body.status': 'Nuovo stato',
  'body.sameStatus': 'Invariato (solo un messaggio)',
  'body.date': 'Data prevista',
  'body.dateRequired': 'Scegli la data.',
  'body.message': 'Messaggio per i cittadini',
  'body.messageHint': 'Massimo 2000 caratteri.',
  'body.messageRequired': 'Scrivi un messaggio.',
  'body.send': 'Pubblica l’aggiornamento',
  'body.sent': 'Pubblicato. Stato: «{status}».',
  'body.failed': 'Non pubblicato: riprova.',
  'body.notValid': 'Link non valido: chiedete al Comune un nuovo link.',
  'body.expired': 'Link scaduto: chiedete al Comune un nuovo link.',

  'combo.noResults': 'Nessuna strada trovata.',
  'combo.results_one': '{count} strada trovata: usa le frecce per scegliere.',
  'combo.results_other': '{count} strade trovate: usa le frecce per scegliere.',
  'combo.clear': 'Cancella la strada',
  'combo.selected': 'Strada scelta: {street}',
} as const;

export type MessageKey = keyof typeof it;
export type Catalogue = Record<MessageKey, string>;


export type Lang = 'it' | 'en';
export const LANGS: readonly Lang[] = ['it', 'en'];

/**
 * A piece of the widget (a view's chunk, the map's) did not download. Kept apart from the
 * catalogues so that a catalogue loaded in a piece of its own could say it too.
 */
export const chunkErrorText: Record<Lang, { message: string; retry: string }> = {
  it: { message: 'Non è stato possibile caricare questa parte del servizio. Controlla la connessione e riprova.', retry: 'Riprova' },
  en: { message: 'This part of the service could not be loaded. Check your connection and try again.', retry: 'Try again' },
};

/** Italian is always here; English arrives with i18n-en.ts. */
const catalogues: Partial<Record<Lang, Catalogue>> = { it };

export function registerCatalogue(lang: Lang, messages: Catalogue) {
  catalogues[lang] = messages;
}

export function hasCatalogue(lang: Lang): boolean {
  return catalogues[lang] !== undefined;
}

/** Fetches a language's words the first time they are needed; a failed fetch can be retried. */
export async function loadCatalogue(lang: Lang): Promise<void> {
  if (!hasCatalogue(lang) && lang === 'en') await import('./i18n-en.ts');
}
const locales: Record<Lang, string> = { it: 'it-IT', en: 'en-GB' };

/** `it`, `it-IT`, `EN-us` → a language we have; anything else → undefined. */
export function matchLang(value: string | null | undefined): Lang | undefined {
  const base = (value ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : undefined;
}

type Vars = Record<string, string | number>;

export interface Translator {
  readonly lang: Lang;
  readonly locale: string;
  t(key: MessageKey, vars?: Vars): string;
  /** Picks `key_one` / `key_other` (and `key_zero` when present and count is 0). */
  plural(key: string, count: number, vars?: Vars): string;
  date(iso: string | null | undefined): string;
  dateTime(iso: string | null | undefined): string;
  number(n: number): string;
}

/** Words of a language not loaded yet (loadCatalogue) are Italian. */
export function translator(lang: Lang): Translator {
  const messages = catalogues[lang] ?? it;
  const locale = locales[lang];
  const pluralRules = new Intl.PluralRules(locale);
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const fill = (text: string, vars?: Vars) =>
    vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? format(vars[name]) : m)) : text;
  const format = (v: string | number) => (typeof v === 'number' ? numberFormat.format(v) : v);
  const t = (key: MessageKey, vars?: Vars) => fill(messages[key] ?? it[key] ?? key, vars);
  return {
    lang,
    locale,
    t,
    plural(key, count, vars) {
      const all = messages as Record<string, string>;
      const zero = `${key}_zero`;
      const chosen = count === 0 && zero in all ? zero : `${key}_${pluralRules.select(count) === 'one' ? 'one' : 'other'}`;
      return fill(all[chosen] ?? chosen, { count, ...vars });
    },
    date: (iso) => (iso ? dateFormat.format(new Date(iso)) : ''),
    dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : ''),
    number: (n) => numberFormat.format(n),
  };
}
