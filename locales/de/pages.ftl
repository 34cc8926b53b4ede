# Deutsch. Anrede: „Sie“. Schlüssel wie in en/pages.ftl.

## Auf jeder Seite
footer-privacy = Datenschutz
footer-imprint = Impressum
language-label = Sprache
request-id = Anfrage-ID
error-status = Fehler { $status }

## Startseite
index-heading = Anmeldung zur Besprechung
index-intro = Dieser Dienst meldet Sie mit Ihrem Firmenkonto bei { $jitsi } an. Öffnen Sie den Link zu Ihrer Besprechung oder geben Sie den Namen des Raums ein.
index-room-label = Raumname
index-go = Zum Raum

## Begrüßungsseite (ohne Anmeldung, Gäste willkommen)
landing-title = { $room } beitreten
landing-intro = Mitarbeitende melden sich mit ihrem Firmenkonto an und treten sofort bei. Gäste treten ohne Konto bei und warten, bis eine Gastgeberin oder ein Gastgeber sie hereinlässt.
action-sign-in = Anmelden
action-join-as-guest = Als Gast beitreten

## Abmelden
sign-out-title = Abmelden
sign-out-heading = Von Besprechungen abmelden?
sign-out-intro = Damit endet Ihre Anmeldung für Besprechungen in diesem Browser, und Sie werden auch hier von Ihrem Firmenkonto abgemeldet, sodass die nächste Person an diesem Computer nicht unter Ihrem Namen beitreten kann.
action-sign-out = Abmelden
signed-out-title = Abgemeldet
signed-out-heading = Sie sind abgemeldet
signed-out-everywhere = Ihre Anmeldung für Besprechungen und Ihre Anmeldung mit dem Firmenkonto sind in diesem Browser beendet.
signed-out-here = Ihre Anmeldung für Besprechungen ist in diesem Browser beendet. Bei Ihrem Identitätsanbieter sind Sie mit Ihrem Firmenkonto möglicherweise noch angemeldet.
action-sign-in-again = Erneut anmelden
action-back-to-meeting = Zurück zur Besprechung

## Öffnen in einer App
open-app-title = { $app } wird geöffnet
open-app-heading = Die Besprechung wird in der { $app } geöffnet
open-app-intro = Sie sind angemeldet. Ihre { $app } sollte die Besprechung { $room } jetzt öffnen. Falls nicht, öffnen Sie sie mit der Schaltfläche oder fahren Sie in diesem Browser fort.
action-open-app = { $app } öffnen
action-continue-in-browser = Im Browser fortfahren

## Wege weiter auf Fehlerseiten
action-start-again = Neu beginnen
action-try-again = Erneut versuchen
action-use-another-account = Anderes Konto verwenden
action-start-page = Zur Startseite

## Fehlerseiten
error-bad-name-title = Dieser Raumname kann nicht verwendet werden
error-bad-request-title = Diese Anfrage ist unvollständig
error-bad-request-message = Die Anfrage ist unvollständig oder fehlerhaft. Öffnen Sie den Link zur Besprechung erneut.
error-bad-auth-request-title = Diese Anmeldeanfrage kann nicht verwendet werden
error-bad-auth-request-message = { $reason } Öffnen Sie die Besprechung erneut über Jitsi.
error-expired-title = Dieser Anmeldelink ist abgelaufen
error-expired-message = Diese Anmeldung wurde bereits abgeschlossen, hat zu lange gedauert oder wurde nicht hier begonnen. Öffnen Sie den Link zur Besprechung erneut, um sich anzumelden.
error-foreign-browser-title = Anmeldung in einem anderen Browser begonnen
error-foreign-browser-message = Die Anmeldung wurde in einem anderen Browser abgeschlossen als dem, in dem sie begonnen wurde, und deshalb abgebrochen. Öffnen Sie den Link zur Besprechung erneut in diesem Browser.
error-provider-denied-title = Anmeldung nicht abgeschlossen
error-provider-denied-message = Die Anmeldeseite Ihres Unternehmens hat Sie nicht angemeldet (die Anmeldung wurde abgebrochen oder abgelehnt).
error-unavailable-title = Die Anmeldung ist gerade nicht verfügbar
error-provider-unavailable-message = Der Anmeldedienst Ihres Unternehmens ist im Moment nicht erreichbar. Bitte versuchen Sie es in einer Minute erneut.
error-store-unavailable-message = Die Bridge erreicht ihren Sitzungsspeicher im Moment nicht. Bitte versuchen Sie es in einer Minute erneut.
error-provider-fault-title = Die Anmeldung funktioniert gerade nicht
error-provider-fault-message = Der Anmeldedienst Ihres Unternehmens hat eine Antwort geschickt, die die Bridge nicht verwenden kann. Bitte versuchen Sie es später erneut; wenn das Problem bestehen bleibt, wenden Sie sich an Ihre IT-Administration.
error-rejected-title = Die Anmeldung konnte nicht überprüft werden
error-rejected-message = Die Antwort des Anmeldedienstes Ihres Unternehmens konnte nicht überprüft werden, daher wurden Sie nicht angemeldet. Öffnen Sie den Link zur Besprechung erneut, um es noch einmal zu versuchen.
error-forbidden-title = Sie können dieser Besprechung nicht als Mitarbeiterin oder Mitarbeiter beitreten
error-forbidden-message = Sie sind als { $user } angemeldet, aber Ihr Konto gehört zu keiner Gruppe, deren Mitglieder { $room } als Mitarbeitende beitreten dürfen.
error-forbidden-guest-hint = Sie können trotzdem als Gast beitreten und warten, bis eine Gastgeberin oder ein Gastgeber Sie hereinlässt.
error-forbidden-required-groups = Mitglieder dieser Gruppen dürfen beitreten: { $groups }.
error-rate-limited-title = Zu viele Anmeldeversuche
error-rate-limited-message = Aus Ihrem Netzwerk wurden gerade zu viele Anmeldungen gestartet. Bitte warten Sie { $seconds } Sekunden und öffnen Sie dann den Link zur Besprechung erneut.
error-too-large-title = Diese Anfrage ist zu groß
error-too-large-message = Die Anfrage ist größer, als dieser Dienst zulässt. Öffnen Sie den Link zur Besprechung erneut; tritt das Problem weiterhin auf, löschen Sie die Cookies dieser Website.
error-tampered-cookie-title = Ihre Anmeldung konnte nicht überprüft werden
error-tampered-cookie-message = Ihr Browser hat ein Anmelde-Cookie gesendet, das hier nicht gültig ist; es wurde daher entfernt. Bitte melden Sie sich erneut an.
error-not-found-title = Seite nicht gefunden
error-not-found-message = Unter dieser Adresse ist nichts zu finden.
error-logout-refused-title = Abmeldeanfrage abgelehnt
error-internal-title = Etwas ist schiefgelaufen
error-internal-message = Ein unerwarteter Fehler ist aufgetreten. Bitte versuchen Sie es erneut.
error-groups-not-listed-title = Ihre Gruppen konnten nicht gelesen werden
error-groups-not-listed-message = Sie gehören zu mehr Gruppen, als der Anmeldedienst Ihres Unternehmens bei der Anmeldung übermittelt. Daher lässt sich nicht prüfen, ob Sie teilnehmen dürfen. Das muss Ihre IT-Administration ändern; bitte wenden Sie sich unter Angabe der unten stehenden Anfrage-ID an sie.
error-too-weak-title = Eine stärkere Anmeldung ist erforderlich
error-too-weak-message = Ihr Unternehmen verlangt für Besprechungen eine stärkere Anmeldung (zum Beispiel mit einem zweiten Faktor) als die soeben verwendete. Öffnen Sie den Link zur Besprechung erneut und melden Sie sich auf diese Weise an; wird Ihnen das nicht angeboten, wenden Sie sich an Ihre IT-Administration.

## Shared by every page
footer-support-label = Brauchen Sie Hilfe?
logo-alt = Logo

## Apps and the sign-in popup
app-desktop = Jitsi-Meet-Desktop-App
app-mobile = Jitsi-Meet-App
popup-signed-in-title = Angemeldet
popup-signed-in-message = Sie sind für { $room } angemeldet. Dieses Fenster schließt sich automatisch; die Besprechung wird in dem Fenster fortgesetzt, aus dem Sie gekommen sind.
popup-no-opener = Das Besprechungsfenster, aus dem dieses Fenster geöffnet wurde, ist nicht mehr vorhanden.
popup-open-here = Besprechung hier öffnen

## Error pages, continued
error-forbidden-required-domains = Personen mit einer bestätigten E-Mail-Adresse unter einer dieser Domains dürfen beitreten: { $domains }.
error-expired-room-message = Dieser Anmeldelink ist abgelaufen oder wurde bereits verwendet; ein Anmeldelink gilt nur einmal und nur wenige Minuten lang. Beginnen Sie neu, um sich für { $room } anzumelden.

## Why a room or tenant name cannot be used (a whole sentence each; $found is one of the name-char texts)
name-room-empty = Der Raumname ist leer.
name-tenant-empty = Der Name der Raumgruppe ist leer.
name-room-too-long = Der Raumname ist länger als { $max } Zeichen.
name-tenant-too-long = Der Name der Raumgruppe ist länger als { $max } Zeichen.
name-too-long-for-server = Der Raumname ist zu lang für den Besprechungsserver (manche Zeichen belegen dort viel Platz). Wählen Sie einen kürzeren Namen.
name-room-bad-character = Der Raumname enthält { $found }. Dieses Zeichen ist in Raumnamen nicht erlaubt. Verwenden Sie keines der Zeichen ? # [ ] @ ! $ & ' ( ) * + , ; : = < > / " % \ und keine unsichtbaren Zeichen.
name-tenant-bad-character = Der Name der Raumgruppe enthält { $found }. Verwenden Sie nur die Buchstaben a–z, Ziffern, „-“ und „_“.
name-blank = Der Raumname besteht nur aus Leerzeichen.
name-outer-space = Der Raumname beginnt oder endet mit einem Leerzeichen.
name-dots = Der Raumname darf nicht nur aus Punkten bestehen.
name-char-plain = „{ $char }“
name-char-space = ein Leerzeichen
name-char-special-space = ein besonderes Leerzeichen ({ $code })
name-char-invisible = ein unsichtbares Zeichen ({ $code })
name-char-look-alike = „{ $char }“, das als „{ $plain }“ gilt

## Why a sign-in request from Jitsi cannot be used (a whole sentence each)
auth-no-room = Die Anfrage von Jitsi nennt keinen Raum.
auth-malformed-state = Der Parameter „state“ der Anfrage entspricht nicht dem, was Jitsi sendet.
auth-malformed-nonce = Der Parameter „nonce“ der Anfrage entspricht nicht dem, was das Anmeldefenster von Jitsi sendet.
auth-room-mismatch = Der Raum { $room } stimmt nicht mit dem Raum überein, den Jitsi dafür angegeben hat ({ $roomSafe }).
auth-unknown-app = Die Anfrage nennt eine App, die dieser Dienst nicht kennt ({ $app }).
auth-several-apps = Die Anfrage nennt mehr als eine Jitsi-App ({ $first } und { $second }).
auth-popup-in-app = Die Anfrage kommt aus einer Jitsi-App, verlangt aber das Anmeldefenster des Browsers.
