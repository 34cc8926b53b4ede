# Italiano. Forma di cortesia («Lei»). Stesse chiavi di en/pages.ftl.

## Su ogni pagina
footer-privacy = Privacy
footer-imprint = Note legali
language-label = Lingua
request-id = ID richiesta
error-status = Errore { $status }

## Pagina iniziale
index-heading = Accesso alla riunione
index-intro = Questo servizio Le consente di accedere a { $jitsi } con il Suo account aziendale. Apra il link della riunione oppure inserisca il nome della stanza.
index-room-label = Nome della stanza
index-go = Vai alla stanza

## Pagina di arrivo (senza sessione, ospiti benvenuti)
landing-title = Partecipa a { $room }
landing-intro = I dipendenti accedono con il proprio account aziendale ed entrano subito. Gli ospiti partecipano senza account e attendono che un organizzatore li faccia entrare.
action-sign-in = Accedi
action-join-as-guest = Partecipa come ospite

## Disconnessione
sign-out-title = Esci
sign-out-heading = Uscire dalle riunioni?
sign-out-intro = In questo modo termina il Suo accesso alle riunioni in questo browser e viene chiusa qui anche la sessione del Suo account aziendale, così la prossima persona che usa questo computer non potrà partecipare a Suo nome.
action-sign-out = Esci
signed-out-title = Disconnesso
signed-out-heading = Ha effettuato la disconnessione
signed-out-everywhere = Il Suo accesso alle riunioni e la sessione del Suo account aziendale sono terminati in questo browser.
signed-out-here = Il Suo accesso alle riunioni è terminato in questo browser. La sessione del Suo account aziendale potrebbe essere ancora attiva presso il Suo provider di identità.
action-sign-in-again = Accedi di nuovo
action-back-to-meeting = Torna alla riunione

## Apertura in un'app
open-app-title = Si sta aprendo { $app }
open-app-heading = Apertura della riunione con { $app }
open-app-intro = Ha effettuato l'accesso. Ora { $app } dovrebbe aprire la riunione { $room }. In caso contrario, la apra con il pulsante oppure continui in questo browser.
action-open-app = Apri { $app }
action-continue-in-browser = Continua nel browser

## Come proseguire dalle pagine di errore
action-start-again = Ricomincia
action-try-again = Riprova
action-use-another-account = Usa un altro account
action-start-page = Vai alla pagina iniziale

## Pagine di errore
error-bad-name-title = Questo nome di stanza non è utilizzabile
error-bad-request-title = La richiesta è incompleta
error-bad-request-message = La richiesta è incompleta o non valida. Apra di nuovo il link della riunione.
error-bad-auth-request-title = Questa richiesta di accesso non è utilizzabile
error-bad-auth-request-message = { $reason } Apra di nuovo la riunione da Jitsi.
error-expired-title = Questo link di accesso è scaduto
error-expired-message = Questo accesso è già stato completato, ha richiesto troppo tempo oppure non è stato avviato qui. Apra di nuovo il link della riunione per accedere.
error-foreign-browser-title = Accesso avviato in un altro browser
error-foreign-browser-message = L'accesso si è concluso in un browser diverso da quello in cui era iniziato, quindi è stato interrotto. Apra di nuovo il link della riunione in questo browser.
error-provider-denied-title = L'accesso non è stato completato
error-provider-denied-message = La pagina di accesso della Sua azienda non ha completato l'accesso (è stato annullato o rifiutato).
error-unavailable-title = L'accesso non è disponibile in questo momento
error-provider-unavailable-message = Il servizio di accesso della Sua azienda non è raggiungibile in questo momento. Riprovi tra un minuto.
error-store-unavailable-message = Il bridge non riesce a raggiungere l'archivio delle sessioni in questo momento. Riprovi tra un minuto.
error-provider-fault-title = L'accesso non funziona in questo momento
error-provider-fault-message = Il servizio di accesso della Sua azienda ha restituito una risposta che il bridge non può usare. Riprovi più tardi; se il problema persiste, avvisi l'amministratore.
error-rejected-title = Non è stato possibile verificare l'accesso
error-rejected-message = Non è stato possibile verificare la risposta del servizio di accesso della Sua azienda, quindi l'accesso non è avvenuto. Apra di nuovo il link della riunione per riprovare.
error-forbidden-title = Non può partecipare a questa riunione come dipendente
error-forbidden-message = Ha effettuato l'accesso come { $user }, ma il Suo account non appartiene a nessun gruppo autorizzato a partecipare a { $room } come dipendente.
error-forbidden-guest-hint = Può comunque partecipare come ospite e attendere che un organizzatore La faccia entrare.
error-forbidden-required-groups = Possono partecipare i membri di questi gruppi: { $groups }.
error-rate-limited-title = Troppi tentativi di accesso
error-rate-limited-message = Dalla Sua rete sono stati avviati troppi tentativi di accesso in poco tempo. Attenda { $seconds } secondi e apra di nuovo il link della riunione.
error-too-large-title = La richiesta è troppo grande
error-too-large-message = La richiesta supera la dimensione consentita da questo servizio. Apra di nuovo il link della riunione; se il problema si ripete, cancelli i cookie di questo sito.
error-tampered-cookie-title = Non è stato possibile verificare il Suo accesso
error-tampered-cookie-message = Il Suo browser ha inviato un cookie di accesso che qui non è valido, quindi è stato rimosso. Acceda di nuovo.
error-not-found-title = Pagina non trovata
error-not-found-message = A questo indirizzo non c'è nulla.
error-logout-refused-title = Richiesta di disconnessione rifiutata
error-internal-title = Si è verificato un problema
error-internal-message = Si è verificato un errore imprevisto. Riprovi.
error-groups-not-listed-title = Non è stato possibile leggere i Suoi gruppi
error-groups-not-listed-message = Lei appartiene a più gruppi di quanti il servizio di accesso della Sua azienda ne comunichi all'accesso, quindi non è possibile stabilire se può partecipare. Serve un intervento dell'amministratore: lo avvisi indicando l'ID richiesta riportato qui sotto.
error-too-weak-title = È richiesto un accesso più sicuro
error-too-weak-message = La Sua azienda richiede per le riunioni un accesso più sicuro (ad esempio con un secondo fattore) di quello appena usato. Apra di nuovo il link della riunione e acceda in quel modo; se non Le viene proposto, avvisi l'amministratore.

## Shared by every page
footer-support-label = Serve aiuto?
logo-alt = Logo

## Apps and the sign-in popup
# Con l'articolo: inserito in open-app-* («Apri l'app…»); per questo open-app-* evitano le preposizioni articolate.
app-desktop = l'app desktop di Jitsi Meet
app-mobile = l'app Jitsi Meet
popup-signed-in-title = Accesso effettuato
popup-signed-in-message = Ha effettuato l'accesso a { $room }. Questa finestra si chiuderà automaticamente; la riunione prosegue nella finestra di partenza.
popup-no-opener = La finestra della riunione da cui è stata aperta questa finestra non è più disponibile.
popup-open-here = Apri la riunione qui

## Error pages, continued
error-forbidden-required-domains = Possono partecipare le persone con un indirizzo e-mail verificato in uno di questi domini: { $domains }.
error-expired-room-message = Questo link di accesso è scaduto o è già stato usato; un link di accesso funziona una sola volta e solo per pochi minuti. Ricominci per accedere a { $room }.

## Why a room or tenant name cannot be used (a whole sentence each; $found is one of the name-char texts)
name-room-empty = Il nome della stanza è vuoto.
name-tenant-empty = Il nome del gruppo di stanze è vuoto.
name-room-too-long = Il nome della stanza supera { $max } caratteri.
name-tenant-too-long = Il nome del gruppo di stanze supera { $max } caratteri.
name-too-long-for-server = Il nome della stanza è troppo lungo per il server delle riunioni (alcuni caratteri vi occupano molto spazio). Scelga un nome più corto.
name-room-bad-character = Il nome della stanza contiene { $found }. Questo carattere non è consentito nei nomi delle stanze. Non usi i caratteri ? # [ ] @ ! $ & ' ( ) * + , ; : = < > / " % \ né caratteri invisibili.
name-tenant-bad-character = Il nome del gruppo di stanze contiene { $found }. Usi solo le lettere a–z, le cifre, «-» e «_».
name-blank = Il nome della stanza contiene solo spazi.
name-outer-space = Il nome della stanza inizia o finisce con uno spazio.
name-dots = Il nome della stanza non può essere composto solo da punti.
name-char-plain = «{ $char }»
name-char-space = uno spazio
name-char-special-space = uno spazio speciale ({ $code })
name-char-invisible = un carattere invisibile ({ $code })
name-char-look-alike = «{ $char }», che equivale a «{ $plain }»

## Why a sign-in request from Jitsi cannot be used (a whole sentence each)
auth-no-room = La richiesta di Jitsi non indica alcuna stanza.
auth-malformed-state = Il parametro «state» della richiesta non è quello che invia Jitsi.
auth-malformed-nonce = Il parametro «nonce» della richiesta non è quello che invia la finestra di accesso di Jitsi.
auth-room-mismatch = La stanza { $room } non corrisponde a quella indicata da Jitsi ({ $roomSafe }).
auth-unknown-app = La richiesta indica un'app che questo servizio non conosce ({ $app }).
auth-several-apps = La richiesta indica più di un'app Jitsi ({ $first } e { $second }).
auth-popup-in-app = La richiesta proviene da un'app Jitsi, ma chiede la finestra di accesso del browser.
