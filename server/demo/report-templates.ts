/**
 * The words of the demo reports: what citizens write per category, and what the offices answer.
 * Placeholders: {presso} where it is ("all'altezza del civico 12", "davanti alla farmacia"),
 * {since} how long it has been going on, {date} a date, {work} the office's work.
 *
 * Over 400 lines because it is data, not logic: the words of every demo category, which plan.ts
 * and bench/seed-large.ts draw from.
 */
import type { CategoryKey } from './seed-data.ts';

export interface ReportCase {
  title: string;
  /** Two or more ways people describe it. */
  details: readonly string[];
  /** The office's work, when more precise than the category's. */
  work?: string;
  /** What the office answers on closing it. */
  resolved: readonly string[];
  rejected?: readonly string[];
}

export interface CategoryTexts {
  cases: readonly ReportCase[];
  /** The office's work, to complete "è in corso {work}": "la sostituzione della lampada". */
  work: string;
  /** What the office says on taking it in charge and on starting work, when the general words do not fit. */
  accept?: readonly string[];
  progress?: readonly string[];
  rejected: readonly string[];
}

export const CATEGORY_TEXTS: Record<CategoryKey, CategoryTexts> = {
  lighting: {
    cases: [
      {
        title: 'Lampione spento',
        details: [
          'Il lampione {presso} è spento {since}: la sera quel tratto è completamente al buio e si cammina con la torcia del telefono.',
          'Segnalo che il lampione {presso} non si accende più {since}. Ci passano molti ragazzi che tornano dalla fermata dell’autobus.',
        ],
        work: 'la sostituzione della lampada con una a LED',
        resolved: [
          'Lampada sostituita con una nuova a LED: il lampione funziona di nuovo. Grazie della segnalazione.',
          'Sostituito l’alimentatore guasto: il lampione è di nuovo acceso.',
        ],
      },
      {
        title: 'Lampioni che si accendono e si spengono',
        details: [
          'Due lampioni {presso} si accendono e si spengono di continuo {since}, tutta la notte.',
          'La luce {presso} lampeggia {since}: dà fastidio anche dentro casa.',
        ],
        work: 'la riparazione del quadro di accensione',
        resolved: ['Sostituito il sensore crepuscolare guasto: i lampioni ora restano accesi tutta la notte.'],
      },
      {
        title: 'Lampione acceso di giorno',
        details: [
          'Il lampione {presso} resta acceso anche in pieno giorno {since}. Uno spreco.',
          'Da qualche giorno la luce {presso} è sempre accesa, anche a mezzogiorno.',
        ],
        work: 'la sostituzione del sensore crepuscolare',
        resolved: ['Sensore crepuscolare sostituito: il lampione si accende di nuovo solo al tramonto.'],
      },
      {
        title: 'Palo della luce inclinato',
        details: [
          'Dopo il temporale il palo della luce {presso} si è inclinato verso la carreggiata e sembra pericolante.',
          'Il palo {presso} è stato urtato da un mezzo: è storto e la base è crepata.',
        ],
        work: 'la sostituzione del palo',
        resolved: ['Palo sostituito e messo in sicurezza dalla ditta di manutenzione.'],
      },
      {
        title: 'Cavi scoperti alla base del lampione',
        details: [
          'Manca lo sportello alla base del palo {presso}: si vedono i cavi elettrici, e di lì passano i bambini che vanno a scuola.',
          'Lo sportellino del lampione {presso} è aperto e penzola, con i fili in vista.',
        ],
        work: 'la sostituzione dello sportello',
        resolved: ['Montato uno sportello nuovo, chiuso con la chiave: i cavi non sono più accessibili.'],
      },
      {
        title: 'Strada al buio',
        details: [
          'Tutta la fila di lampioni {presso} è spenta {since}. Di sera non si vede nulla e le auto passano veloci.',
          'Dal tratto {presso} in poi la strada è al buio {since}: sono spenti almeno quattro lampioni.',
        ],
        work: 'la riparazione della linea',
        resolved: ['Guasto della linea riparato: i lampioni del tratto sono di nuovo accesi.'],
      },
    ],
    work: 'la sostituzione della lampada con una a LED',
    rejected: [
      'Il lampione segnalato fa parte dell’impianto privato del condominio: la manutenzione spetta all’amministratore.',
      'Dal sopralluogo serale il lampione risulta funzionante: probabilmente il guasto era temporaneo. Se si ripresenta, segnalatelo di nuovo.',
    ],
  },
  roads: {
    cases: [
      {
        title: 'Buca profonda sulla carreggiata',
        details: [
          'C’è una buca profonda {presso}, larga quasi mezzo metro. Con la pioggia si riempie d’acqua e non si vede: ci ho rimesso un cerchione.',
          'Buca pericolosa {presso}, soprattutto per chi va in bicicletta o in motorino. È lì {since} e si allarga.',
        ],
        work: 'la chiusura della buca con asfalto a caldo',
        resolved: [
          'Buca chiusa con asfalto a caldo dalla squadra esterna.',
          'Buca chiusa; il tratto è inserito nel piano delle asfaltature della prossima primavera.',
        ],
      },
      {
        title: 'Asfalto dissestato',
        details: [
          'L’asfalto {presso} è tutto crepato e sollevato dalle radici: si fa slalom tra le buche.',
          'Il manto stradale {presso} si sta sgretolando {since}, ci sono sassi sparsi sulla carreggiata.',
        ],
        work: 'il rifacimento del manto stradale',
        resolved: [
          'Rifatto il manto stradale del tratto, con la fresatura delle radici.',
          'Ripristinato l’asfalto nei punti più dissestati.',
        ],
      },
      {
        title: 'Marciapiede rotto',
        details: [
          'Il marciapiede {presso} ha le mattonelle sollevate: una signora anziana è inciampata la settimana scorsa.',
          'Manca un pezzo di cordolo del marciapiede {presso} e il bordo è tagliente.',
        ],
        work: 'il rifacimento del marciapiede',
        resolved: ['Ripristinato il tratto di marciapiede e rimesse in quota le mattonelle.'],
      },
      {
        title: 'Tombino sollevato',
        details: [
          'Il tombino {presso} sporge di qualche centimetro e le auto ci sbattono sopra facendo un gran rumore anche di notte.',
          'Il chiusino {presso} è sprofondato e intorno si è formata una buca.',
        ],
        work: 'la messa in quota del chiusino',
        resolved: ['Chiusino rimesso in quota e sigillato. Grazie per la segnalazione.'],
      },
      {
        title: 'Ghiaia e detriti sulla strada',
        details: [
          'Dopo la pioggia è scesa ghiaia dalla scarpata {presso}: in curva le moto scivolano.',
          'Ci sono detriti e fango sulla strada {presso} {since}.',
        ],
        work: 'la pulizia della strada e il consolidamento della scarpata',
        resolved: ['Strada pulita e scarpata consolidata con una rete di contenimento.'],
      },
    ],
    work: 'la chiusura della buca e il ripristino dell’asfalto',
    rejected: [
      'Il tratto segnalato è una strada privata: la manutenzione spetta ai proprietari frontisti.',
      'Il tratto non è di competenza comunale: abbiamo inoltrato la segnalazione all’ente proprietario della strada.',
    ],
  },
  waste: {
    cases: [
      {
        title: 'Cassonetto stracolmo',
        details: [
          'Il cassonetto {presso} è pieno {since} e i sacchetti sono per terra tutto intorno. Con il caldo c’è un odore insopportabile.',
          'Cassonetti dell’indifferenziato {presso} stracolmi: non vengono svuotati {since}.',
        ],
        resolved: [
          'Il gestore della raccolta ha svuotato i cassonetti e pulito l’area; abbiamo chiesto un passaggio in più nei mesi estivi.',
        ],
      },
      {
        title: 'Rifiuti abbandonati',
        details: [
          'Qualcuno ha abbandonato sacchi di calcinacci e un vecchio materasso {presso}.',
          'Ci sono rifiuti ingombranti abbandonati {presso}: un divano, un frigorifero e varie buste.',
        ],
        work: 'la rimozione dei rifiuti abbandonati',
        resolved: [
          'Rifiuti abbandonati rimossi. Ricordiamo che il ritiro degli ingombranti a domicilio è gratuito, su prenotazione.',
        ],
      },
      {
        title: 'Mancata raccolta porta a porta',
        details: [
          'Il mastello della plastica {presso} non è stato ritirato nel giorno previsto, e non è la prima volta.',
          'Oggi non è passata la raccolta dell’organico {presso}: i mastelli sono ancora tutti in strada.',
        ],
        work: 'il recupero della raccolta',
        resolved: ['Raccolta recuperata il giorno successivo: ci scusiamo per il disguido.'],
        rejected: ['Il giorno indicato la raccolta non era prevista in quella zona: trovate il calendario sul sito del Comune.'],
      },
      {
        title: 'Cestino rotto o pieno',
        details: [
          'Il cestino {presso} è rotto e la spazzatura finisce per terra.',
          'Il cestino dei rifiuti {presso} trabocca {since}, soprattutto nel fine settimana.',
        ],
        work: 'la sostituzione del cestino',
        resolved: ['Cestino sostituito e inserito nel giro di svuotamento del fine settimana.'],
      },
      {
        title: 'Strada sporca dopo il mercato',
        details: [
          'Dopo il mercato la strada {presso} è rimasta piena di cassette e cartoni.',
          'Foglie e sporcizia accumulate {presso} {since}: la spazzatrice non passa.',
        ],
        work: 'la pulizia straordinaria della strada',
        resolved: ['Strada pulita con la spazzatrice; il passaggio dopo il mercato è ora fisso.'],
      },
    ],
    work: 'il ritiro straordinario dei rifiuti',
    rejected: [
      'L’area segnalata è privata: la pulizia spetta al proprietario, al quale abbiamo inviato un sollecito.',
    ],
  },
  greenery: {
    cases: [
      {
        title: 'Ramo pericolante',
        details: [
          'Dopo il vento c’è un grosso ramo spezzato che pende {presso}, proprio sopra il marciapiede.',
          'Un ramo secco {presso} rischia di cadere sulle auto parcheggiate.',
        ],
        work: 'la potatura con la piattaforma aerea',
        resolved: ['Ramo rimosso e albero potato dalla ditta incaricata della manutenzione del verde.'],
      },
      {
        title: 'Erba alta nell’aiuola',
        details: [
          'L’erba nell’aiuola {presso} è alta quasi un metro: non si vedono le auto che arrivano dall’incrocio.',
          'Le aiuole {presso} non sono state più tagliate dall’inizio dell’estate e sono piene di zanzare.',
        ],
        work: 'lo sfalcio dell’erba',
        resolved: ['Sfalcio eseguito. Il prossimo passaggio è previsto tra circa quattro settimane.'],
      },
      {
        title: 'Siepe che invade il marciapiede',
        details: [
          'La siepe {presso} invade tutto il marciapiede: con il passeggino bisogna scendere in strada.',
          'I rovi {presso} hanno coperto metà della strada.',
        ],
        work: 'la potatura della siepe',
        resolved: ['Siepe potata: il marciapiede è di nuovo libero.'],
      },
      {
        title: 'Albero caduto',
        details: [
          'Con il temporale di stanotte è caduto un albero {presso}, che blocca in parte la strada.',
          'Un pino {presso} si è piegato e si appoggia ai fili.',
        ],
        work: 'la rimozione dell’albero',
        resolved: ['Albero rimosso e strada liberata; il tronco è stato portato via.'],
      },
      {
        title: 'Parco giochi trascurato',
        details: [
          'Al parco giochi {presso} l’erba è alta e le foglie coprono i vialetti {since}.',
          'Nel giardino pubblico {presso} c’è un’aiuola piena di rifiuti e sterpaglie.',
        ],
        work: 'la pulizia dell’area verde',
        resolved: ['Area verde pulita, erba tagliata e foglie raccolte.'],
      },
    ],
    work: 'la potatura con la piattaforma aerea',
    rejected: [
      'La vegetazione è su una proprietà privata: abbiamo invitato il proprietario a provvedere entro trenta giorni.',
      'L’area verde indicata non è comunale ma condominiale.',
    ],
  },
  water: {
    cases: [
      {
        title: 'Perdita d’acqua in strada',
        details: [
          'Esce acqua dall’asfalto {presso} {since}: si è formato un rivolo che arriva fino all’incrocio.',
          'C’è una perdita dal pozzetto dell’acquedotto {presso}, l’acqua scorre giorno e notte.',
        ],
        work: 'la riparazione della condotta',
        resolved: ['Il gestore del servizio idrico ha riparato la perdita sulla condotta.'],
      },
      {
        title: 'Caditoia intasata',
        details: [
          'La caditoia {presso} è intasata di foglie e terra: con ogni pioggia si allaga la strada.',
          'Le griglie di scolo {presso} sono completamente otturate.',
        ],
        work: 'la pulizia delle caditoie',
        resolved: ['Caditoie pulite con l’autospurgo; le verificheremo di nuovo prima dell’autunno.'],
      },
      {
        title: 'Allagamento con la pioggia',
        details: [
          'Ad ogni acquazzone {presso} si forma un lago che arriva fino ai garage.',
          'Con la pioggia di ieri l’acqua {presso} è arrivata a venti centimetri: le auto non passavano.',
        ],
        work: 'il potenziamento dello scolo delle acque',
        resolved: ['Aggiunta una caditoia e pulito il fosso di scolo: con le ultime piogge la strada non si è allagata.'],
      },
      {
        title: 'Cattivo odore dalla fognatura',
        details: [
          'Dai tombini {presso} esce un forte odore di fogna {since}, soprattutto la sera.',
          'Il pozzetto della fognatura {presso} trabocca e c’è odore in tutta la via.',
        ],
        work: 'lo spurgo della fognatura',
        resolved: ['Fognatura disostruita e pozzetto sanificato.'],
      },
    ],
    work: 'la pulizia delle caditoie e la verifica delle condotte',
    rejected: [
      'Il problema riguarda l’impianto privato, a valle del contatore o dell’allaccio: la riparazione spetta al proprietario.',
    ],
  },
  signs: {
    cases: [
      {
        title: 'Cartello stradale abbattuto',
        details: [
          'Il cartello di stop {presso} è stato abbattuto e giace a terra {since}.',
          'Il segnale di dare precedenza {presso} è piegato e girato dall’altra parte.',
        ],
        work: 'il ripristino del cartello',
        resolved: ['Cartello rimesso in opera dalla squadra della segnaletica.'],
      },
      {
        title: 'Strisce pedonali sbiadite',
        details: [
          'Le strisce pedonali {presso} non si vedono quasi più, e ci attraversano i bambini della scuola.',
          'Attraversamento pedonale {presso} completamente sbiadito: di sera è invisibile.',
        ],
        work: 'il rifacimento delle strisce pedonali',
        resolved: ['Strisce pedonali ridipinte nell’ambito del piano della segnaletica orizzontale.'],
      },
      {
        title: 'Specchio parabolico rotto',
        details: [
          'Lo specchio all’uscita {presso} è rotto: non si vede chi arriva.',
          'Lo specchio parabolico {presso} è girato verso il muro dopo il vento.',
        ],
        work: 'la sostituzione dello specchio',
        resolved: ['Specchio sostituito.'],
      },
      {
        title: 'Cartello coperto dalla vegetazione',
        details: [
          'Il limite di velocità {presso} è nascosto dai rami e non si legge.',
          'Il cartello del senso unico {presso} è coperto dall’edera.',
        ],
        work: 'la potatura intorno al cartello',
        resolved: ['Rami tagliati: il cartello è di nuovo leggibile.'],
      },
    ],
    work: 'il ripristino della segnaletica',
    rejected: [
      'Il cartello è stato rimosso di proposito: con la nuova viabilità quel divieto non esiste più.',
    ],
  },
  furniture: {
    cases: [
      {
        title: 'Panchina rotta',
        details: [
          'La panchina {presso} ha due assi rotte e una vite sporgente: qualcuno può farsi male.',
          'Una panchina {presso} è stata divelta e lasciata rovesciata.',
        ],
        work: 'la riparazione della panchina',
        resolved: ['Panchina riparata con assi nuove.'],
      },
      {
        title: 'Gioco per bambini danneggiato',
        details: [
          'Lo scivolo del parco giochi {presso} ha il bordo spaccato, tagliente.',
          'L’altalena {presso} ha una catena rotta {since}.',
        ],
        work: 'la riparazione del gioco',
        resolved: ['Gioco messo in sicurezza e riparato; è di nuovo utilizzabile.'],
      },
      {
        title: 'Fontanella che non funziona',
        details: [
          'La fontanella {presso} non eroga più acqua {since}.',
          'La fontanella {presso} perde di continuo e ha allagato il vialetto.',
        ],
        work: 'la riparazione della fontanella',
        resolved: ['Fontanella riparata: sostituito il rubinetto a pulsante.'],
      },
      {
        title: 'Pensilina della fermata danneggiata',
        details: [
          'La pensilina {presso} ha il vetro rotto: i frammenti sono ancora a terra.',
          'La pensilina {presso} ha il tetto bucato: quando piove ci si bagna lo stesso.',
        ],
        work: 'la riparazione della pensilina',
        resolved: ['Pensilina riparata e vetro sostituito.'],
        rejected: ['La pensilina appartiene all’azienda del trasporto pubblico: abbiamo inoltrato la segnalazione all’azienda.'],
      },
    ],
    work: 'la riparazione dell’arredo danneggiato',
    rejected: ['L’arredo indicato non è comunale ma condominiale: abbiamo informato l’amministratore.'],
  },
  animals: {
    cases: [
      {
        title: 'Cane vagante',
        details: [
          'Un cane di taglia media senza collare gira {presso} {since}: sembra spaventato e attraversa la strada.',
          'C’è un cane smarrito {presso}, con il collare rosso ma senza medaglietta.',
        ],
        work: 'il recupero dell’animale',
        resolved: [
          'Il cane è stato recuperato dal servizio di accalappiamento ed è al canile convenzionato, in attesa del proprietario.',
        ],
      },
      {
        title: 'Animale morto sulla strada',
        details: [
          'C’è un gatto investito sul bordo della strada {presso}.',
          'Un animale selvatico morto (sembra un tasso) {presso}, sulla carreggiata.',
        ],
        work: 'la rimozione della carcassa',
        resolved: ['Carcassa rimossa dal servizio incaricato.'],
      },
      {
        title: 'Topi vicino ai cassonetti',
        details: [
          'Si vedono topi la sera intorno ai cassonetti {presso} {since}.',
          'Presenza di ratti lungo il fosso {presso}, anche di giorno.',
        ],
        work: 'la derattizzazione',
        resolved: ['Derattizzazione eseguita e posizionate le esche nei contenitori di sicurezza.'],
      },
      {
        title: 'Nido di calabroni',
        details: [
          'C’è un grosso nido di calabroni nel palo {presso}, vicino all’ingresso della scuola.',
          'Vespe e calabroni entrano ed escono da un buco del muretto {presso}.',
        ],
        work: 'la rimozione del nido',
        resolved: ['Nido rimosso dalla ditta di disinfestazione.'],
        rejected: ['Il nido si trova in un giardino privato: la rimozione spetta al proprietario.'],
      },
    ],
    work: 'l’intervento del servizio incaricato',
    rejected: [
      'Al sopralluogo non abbiamo trovato quanto descritto: se lo vedete di nuovo, segnalatelo con la posizione esatta.',
    ],
  },
  barriers: {
    cases: [
      {
        title: 'Scivolo del marciapiede mancante',
        details: [
          'Il marciapiede {presso} non ha lo scivolo: con la carrozzina bisogna fare il giro dalla strada.',
          'Lo scivolo {presso} è bloccato da un palo: con la carrozzina non si passa.',
        ],
        work: 'la realizzazione dello scivolo',
        resolved: ['Realizzato lo scivolo nel marciapiede, a norma.', 'Spostato il palo e liberato il passaggio.'],
      },
      {
        title: 'Percorso tattile interrotto',
        details: [
          'Il percorso per non vedenti {presso} è interrotto da un dissuasore messo di traverso.',
          'Il percorso tattile {presso} è rovinato e in parte coperto da una fioriera.',
        ],
        work: 'il ripristino del percorso tattile',
        resolved: ['Percorso tattile ripristinato e liberato dagli ostacoli.'],
      },
      {
        title: 'Gradino all’ingresso dell’ufficio pubblico',
        details: [
          'All’ingresso {presso} c’è un gradino alto e nessuna rampa: chi è in carrozzina non può entrare da solo.',
          'La rampa {presso} è troppo ripida e senza corrimano.',
        ],
        work: 'la realizzazione della rampa',
        resolved: ['Installata una rampa con corrimano all’ingresso.'],
      },
    ],
    work: 'l’intervento di adeguamento',
    rejected: ['L’edificio è privato: abbiamo segnalato il problema alla proprietà.'],
  },
  traffic: {
    cases: [
      {
        title: 'Auto in sosta sul marciapiede',
        details: [
          'Ogni mattina ci sono auto parcheggiate sul marciapiede {presso}: i pedoni devono camminare in strada.',
          'Sosta selvaggia {presso}, soprattutto all’orario di uscita della scuola.',
        ],
        resolved: ['La pattuglia ha effettuato controlli nella zona e sanzionato le soste irregolari.'],
      },
      {
        title: 'Passo carrabile ostruito',
        details: [
          'Il mio passo carrabile {presso} viene bloccato di continuo dalle auto in sosta.',
          'Auto parcheggiata davanti al passo carrabile {presso} da stamattina.',
        ],
        resolved: ['La pattuglia è intervenuta: il veicolo è stato sanzionato e rimosso.'],
        rejected: [
          'Per una sosta che blocca il passo carrabile in questo momento chiamate la centrale della Polizia Municipale: la segnalazione online non è adatta alle urgenze.',
        ],
      },
      {
        title: 'Veicolo abbandonato',
        details: [
          'Un’auto senza targa è ferma {presso} {since}, con le gomme a terra.',
          'C’è un motorino abbandonato {presso} {since}, ormai arrugginito.',
        ],
        resolved: ['Veicolo rimosso con carro attrezzi; avviata la procedura per i veicoli abbandonati.'],
      },
      {
        title: 'Auto che corrono',
        details: [
          'Le auto passano a velocità molto alta {presso}, soprattutto la sera. Servirebbe un dosso o un controllo.',
          'Nel rettilineo {presso} le moto sfrecciano: è pericoloso per chi esce dai cancelli.',
        ],
        resolved: ['Installato un rilevatore di velocità informativo; i controlli continueranno nelle prossime settimane.'],
      },
    ],
    work: 'un controllo mirato della pattuglia',
    accept: ['Presa in carico: la segnalazione è stata passata alla pattuglia di zona.'],
    progress: ['La pattuglia ha già effettuato un primo passaggio: i controlli continuano nei prossimi giorni.'],
    rejected: [
      'Nei controlli degli ultimi giorni la pattuglia non ha riscontrato irregolarità; continueremo a passare negli orari indicati.',
    ],
  },
  noise: {
    cases: [
      {
        title: 'Musica alta fino a tarda notte',
        details: [
          'Il locale {presso} tiene la musica alta fino alle due di notte {since}.',
          'Tutti i fine settimana musica ad alto volume {presso} dopo mezzanotte.',
        ],
        resolved: ['Effettuato un controllo serale: il gestore del locale è stato diffidato al rispetto degli orari.'],
      },
      {
        title: 'Cantiere rumoroso fuori orario',
        details: [
          'Il cantiere {presso} lavora con il martello pneumatico già alle sei e mezza del mattino.',
          'Lavori rumorosi {presso} anche la domenica mattina.',
        ],
        resolved: ['Il cantiere è stato richiamato al rispetto degli orari previsti dal regolamento comunale.'],
      },
      {
        title: 'Impianto rumoroso',
        details: [
          'Un impianto di condizionamento {presso} fa un ronzio continuo giorno e notte.',
          'Un allarme {presso} suona a vuoto {since}.',
        ],
        resolved: ['Il proprietario dell’impianto è stato invitato a ripararlo; al controllo successivo il rumore era cessato.'],
      },
    ],
    work: 'una verifica sul posto',
    accept: ['Presa in carico: verificheremo la situazione negli orari indicati.'],
    progress: ['Abbiamo contattato il responsabile: sono in corso le verifiche.'],
    rejected: [
      'L’evento era autorizzato, con deroga agli orari, per la festa di paese.',
    ],
  },
  school: {
    cases: [
      {
        title: 'Scuolabus in ritardo',
        details: [
          'Lo scuolabus che passa {presso} arriva con venti minuti di ritardo {since}: i bambini entrano in classe tardi.',
          'Stamattina lo scuolabus non è passato {presso}, e i bambini hanno aspettato per mezz’ora.',
        ],
        resolved: ['Rivisto l’orario della linea con la ditta di trasporto: da lunedì lo scuolabus passa alle 7:35.'],
      },
      {
        title: 'Fermata dello scuolabus non sicura',
        details: [
          'La fermata dello scuolabus {presso} è sul ciglio della strada, senza marciapiede: i bambini aspettano tra le auto.',
        ],
        resolved: ['La fermata è stata spostata di cinquanta metri, davanti allo slargo.'],
      },
    ],
    work: 'la riorganizzazione del percorso',
    accept: ['Presa in carico: abbiamo chiesto spiegazioni alla ditta che gestisce il servizio.'],
    progress: ['La ditta di trasporto sta rivedendo orari e percorso della linea.'],
    rejected: ['La fermata indicata non fa parte dei percorsi dello scuolabus comunale per quest’anno scolastico.'],
  },
  taxes: {
    cases: [
      {
        title: 'Avviso TARI mai arrivato',
        details: [
          'Non ho ricevuto l’avviso di pagamento della TARI per l’abitazione {presso}, e la prima rata scade a breve.',
        ],
        resolved: ['Avviso rispedito e pubblicato nell’area riservata; la scadenza della prima rata è stata prorogata.'],
      },
      {
        title: 'Pagamento pagoPA non riuscito',
        details: [
          'Provo a pagare la TARI dell’immobile {presso} con pagoPA ma il codice avviso risulta inesistente.',
        ],
        resolved: ['Codice avviso corretto: il pagamento ora va a buon fine.'],
      },
    ],
    work: 'la verifica della posizione',
    accept: ['Presa in carico: verifichiamo la posizione e vi rispondiamo qui.'],
    progress: ['Stiamo verificando la posizione con il servizio di riscossione.'],
    rejected: ['L’immobile risulta intestato ad altro contribuente: contattate l’Ufficio Tributi per la voltura.'],
  },
  other: {
    cases: [
      {
        title: 'Muro pericolante',
        details: ['Il muretto a secco {presso} si sta sgretolando e alcune pietre sono cadute sulla strada.'],
        resolved: ['Muro messo in sicurezza; la ricostruzione è affidata al proprietario.'],
      },
      {
        title: 'Bacheca comunale rotta',
        details: ['La bacheca degli avvisi {presso} ha il vetro rotto e gli avvisi sono bagnati.'],
        resolved: ['Vetro della bacheca sostituito.'],
      },
      {
        title: 'Graffiti sul muro della scuola',
        details: ['Sono comparse scritte con la vernice spray sul muro {presso}.'],
        resolved: ['Muro ripulito.'],
      },
    ],
    work: 'l’intervento dell’ufficio competente',
    progress: ['Segnalazione inoltrata all’ufficio competente, che ha in programma l’intervento.'],
    rejected: ['Il muro è di proprietà privata: abbiamo informato il proprietario.'],
  },
};

/** How long it has been going on. */
export const SINCE = ['da due giorni', 'da tre giorni', 'da qualche giorno', 'da una settimana', 'da più di dieci giorni', 'da due settimane'];

/** Landmarks a citizen gives instead of a civic number. */
export const LANDMARKS = [
  'davanti alla farmacia',
  'vicino alla fermata dell’autobus',
  'all’incrocio',
  'davanti alla scuola',
  'accanto alla chiesa',
  'di fronte al bar',
  'vicino al parcheggio',
  'all’ingresso del parco giochi',
  'davanti all’ufficio postale',
  'vicino alla marginetta',
  'accanto alla fontanella',
  'all’angolo con la traversa',
  'vicino al ponte',
  'davanti al circolo',
];

/** The office's first answer, on taking a report in charge. */
export const ACCEPT_REPLIES = [
  'Abbiamo preso in carico la segnalazione: il sopralluogo è previsto entro {date}.',
  'Grazie della segnalazione. L’abbiamo assegnata alla squadra esterna, che interverrà entro {date}.',
  'Segnalazione presa in carico: un tecnico verificherà sul posto nei prossimi giorni.',
  'Presa in carico. Vi aggiorneremo qui sull’avanzamento.',
];

export const PROGRESS_MESSAGES = [
  'Sopralluogo eseguito: è in corso {work}.',
  'La squadra è intervenuta e ha messo in sicurezza l’area; seguirà {work}.',
];

export const SCHEDULED_MESSAGES = ['Intervento programmato per {date}: {work}.', 'Abbiamo programmato {work} per {date}.'];

/** A second answer on a report that waits. */
export const FOLLOW_UP_REPLIES = [
  'Ci scusiamo per l’attesa: l’intervento è confermato e vi aggiorneremo qui.',
  'Aggiornamento: l’intervento è inserito nel programma della prossima settimana.',
  'Grazie a tutti quelli che si sono associati: la segnalazione è tra le priorità.',
];

/** Staff-only notes: never shown to the public. */
export const INTERNAL_NOTES = [
  'Sopralluogo del tecnico: confermato, priorità media.',
  'Chiesto preventivo alla ditta di manutenzione.',
  'La stessa zona era stata segnalata al telefono il mese scorso.',
  'Verificare se il tratto è di competenza provinciale.',
  'Inserita nel programma settimanale della squadra esterna.',
  'Il segnalante ha telefonato per sollecitare.',
];

/** Reports moderation hid, with the reason staff noted (internal, as every moderation note). */
export const HIDDEN_REPORTS = [
  {
    title: 'Prova',
    details: 'Prova prova, non considerate questa segnalazione.',
    reason: 'Segnalazione di prova.',
  },
  {
    title: 'Il vicino parcheggia sempre davanti a casa mia',
    details: 'Il signore del piano di sopra, che conoscete bene, lascia sempre la macchina davanti al mio cancello {presso}. Fate qualcosa!',
    reason: 'Riguarda una persona riconoscibile: nascosta per la sua riservatezza. Per la sosta irregolare il segnalante può chiamare la Polizia Municipale.',
  },
  {
    title: 'VERGOGNA!!!',
    details: 'Ma quando vi decidete a lavorare??? Qui {presso} è tutto uno schifo {since}!!!',
    reason: 'Linguaggio offensivo, nessun problema preciso descritto.',
  },
] as const;
