# Nederlands. Aanspreekvorm: „u”. Dezelfde sleutels als en/pages.ftl.

## Op elke pagina
footer-privacy = Privacy
footer-imprint = Colofon
language-label = Taal
request-id = verzoek-ID
error-status = Fout { $status }

## Startpagina
index-heading = Aanmelden bij de vergadering
index-intro = Via deze dienst meldt u zich met uw bedrijfsaccount aan bij { $jitsi }. Open de link van uw vergadering of voer de naam van de ruimte in.
index-room-label = Naam van de ruimte
index-go = Naar de ruimte

## Welkomstpagina (zonder sessie, gasten welkom)
landing-title = Deelnemen aan { $room }
landing-intro = Medewerkers melden zich aan met hun bedrijfsaccount en nemen meteen deel. Gasten nemen deel zonder account en wachten tot een gastheer of gastvrouw hen binnenlaat.
action-sign-in = Aanmelden
action-join-as-guest = Deelnemen als gast

## Afmelden
sign-out-title = Afmelden
sign-out-heading = Afmelden bij vergaderingen?
sign-out-intro = Hiermee wordt u in deze browser afgemeld bij de vergaderingen en hier ook bij uw bedrijfsaccount, zodat de volgende persoon achter deze computer niet onder uw naam kan deelnemen.
action-sign-out = Afmelden
signed-out-title = Afgemeld
signed-out-heading = U bent afgemeld
signed-out-everywhere = U bent in deze browser afgemeld bij de vergaderingen en bij uw bedrijfsaccount.
signed-out-here = U bent in deze browser afgemeld bij de vergaderingen. Bij uw identiteitsprovider bent u mogelijk nog aangemeld met uw bedrijfsaccount.
action-sign-in-again = Opnieuw aanmelden
action-back-to-meeting = Terug naar de vergadering

## Openen in een app
open-app-title = { $app } wordt geopend
open-app-heading = De vergadering wordt geopend in de { $app }
open-app-intro = U bent aangemeld. Uw { $app } zou de vergadering { $room } nu moeten openen. Gebeurt dat niet, open de vergadering dan met de knop of ga verder in deze browser.
action-open-app = { $app } openen
action-continue-in-browser = Verder in de browser

## Hoe verder op foutpagina's
action-start-again = Opnieuw beginnen
action-try-again = Opnieuw proberen
action-use-another-account = Ander account gebruiken
action-start-page = Naar de startpagina

## Foutpagina's
error-bad-name-title = Deze ruimtenaam kan niet worden gebruikt
error-bad-request-title = Dit verzoek is onvolledig
error-bad-request-message = Het verzoek is onvolledig of ongeldig. Open de link van de vergadering opnieuw.
error-bad-auth-request-title = Dit aanmeldverzoek kan niet worden gebruikt
error-bad-auth-request-message = { $reason } Open de vergadering opnieuw vanuit Jitsi.
error-expired-title = Deze aanmeldlink is verlopen
error-expired-message = Deze aanmelding is al voltooid, duurde te lang of is niet hier gestart. Open de link van de vergadering opnieuw om u aan te melden.
error-foreign-browser-title = Aanmelding in een andere browser gestart
error-foreign-browser-message = De aanmelding is voltooid in een andere browser dan die waarin ze is gestart, en is daarom afgebroken. Open de link van de vergadering opnieuw in deze browser.
error-provider-denied-title = Aanmelding niet voltooid
error-provider-denied-message = De aanmeldpagina van uw organisatie heeft u niet aangemeld (de aanmelding is geannuleerd of geweigerd).
error-unavailable-title = Aanmelden is op dit moment niet mogelijk
error-provider-unavailable-message = De aanmelddienst van uw organisatie is op dit moment niet bereikbaar. Probeer het over een minuut opnieuw.
error-store-unavailable-message = De bridge kan zijn sessieopslag op dit moment niet bereiken. Probeer het over een minuut opnieuw.
error-provider-fault-title = Aanmelden werkt op dit moment niet
error-provider-fault-message = De aanmelddienst van uw organisatie gaf een antwoord dat de bridge niet kan gebruiken. Probeer het later opnieuw; blijft het probleem bestaan, meld het dan bij uw beheerder.
error-rejected-title = De aanmelding kon niet worden gecontroleerd
error-rejected-message = Het antwoord van de aanmelddienst van uw organisatie kon niet worden gecontroleerd; daarom bent u niet aangemeld. Open de link van de vergadering opnieuw om het nog eens te proberen.
error-forbidden-title = U kunt niet als medewerker aan deze vergadering deelnemen
error-forbidden-message = U bent aangemeld als { $user }, maar uw account zit niet in een groep die als medewerker aan { $room } mag deelnemen.
error-forbidden-guest-hint = U kunt wel als gast deelnemen en wachten tot een gastheer of gastvrouw u binnenlaat.
error-forbidden-required-groups = Leden van deze groepen mogen deelnemen: { $groups }.
error-rate-limited-title = Te veel aanmeldpogingen
error-rate-limited-message = Vanaf uw netwerk zijn zojuist te veel aanmeldingen gestart. Wacht { $seconds } seconden en open dan de link van de vergadering opnieuw.
error-too-large-title = Dit verzoek is te groot
error-too-large-message = Het verzoek is groter dan deze dienst accepteert. Open de link van de vergadering opnieuw; blijft dit gebeuren, wis dan de cookies van deze site.
error-tampered-cookie-title = Uw aanmelding kon niet worden gecontroleerd
error-tampered-cookie-message = Uw browser stuurde een aanmeldcookie dat hier niet geldig is; het is daarom verwijderd. Meld u opnieuw aan.
error-not-found-title = Pagina niet gevonden
error-not-found-message = Op dit adres is niets te vinden.
error-logout-refused-title = Afmeldverzoek geweigerd
error-internal-title = Er is iets misgegaan
error-internal-message = Er is een onverwachte fout opgetreden. Probeer het opnieuw.
error-groups-not-listed-title = Uw groepen konden niet worden gelezen
error-groups-not-listed-message = U bent lid van meer groepen dan de aanmelddienst van uw organisatie bij het aanmelden doorgeeft, waardoor niet kan worden vastgesteld of u mag deelnemen. Dit moet door uw beheerder worden aangepast; meld het aan hem of haar en vermeld daarbij het verzoek-ID hieronder.
error-too-weak-title = Een sterkere aanmelding is vereist
error-too-weak-message = Uw organisatie vereist voor vergaderingen een sterkere aanmelding (bijvoorbeeld met een tweede factor) dan de zojuist gebruikte. Open de link van de vergadering opnieuw en meld u op die manier aan; als dat niet wordt aangeboden, neem dan contact op met uw beheerder.

## Shared by every page
footer-support-label = Hulp nodig?
logo-alt = Logo

## Apps and the sign-in popup
app-desktop = Jitsi Meet-desktopapp
app-mobile = Jitsi Meet-app
popup-signed-in-title = Aangemeld
popup-signed-in-message = U bent aangemeld bij { $room }. Dit venster wordt automatisch gesloten; de vergadering gaat verder in het oorspronkelijke venster.
popup-no-opener = Het vergadervenster dat dit venster heeft geopend, is niet meer beschikbaar.
popup-open-here = Vergadering hier openen

## Error pages, continued
error-forbidden-required-domains = Personen met een geverifieerd e-mailadres in een van deze domeinen mogen deelnemen: { $domains }.
error-expired-room-message = Deze aanmeldlink is verlopen of al gebruikt; een aanmeldlink werkt maar één keer en is maar een paar minuten geldig. Begin opnieuw om u aan te melden bij { $room }.

## Why a room or tenant name cannot be used (a whole sentence each; $found is one of the name-char texts)
name-room-empty = De ruimtenaam is leeg.
name-tenant-empty = De naam van de ruimtegroep is leeg.
name-room-too-long = De ruimtenaam is langer dan { $max } tekens.
name-tenant-too-long = De naam van de ruimtegroep is langer dan { $max } tekens.
name-too-long-for-server = De ruimtenaam is te lang voor de vergaderserver (sommige tekens nemen daar veel ruimte in). Kies een kortere naam.
name-room-bad-character = De ruimtenaam bevat { $found }. Dit teken is niet toegestaan in een ruimtenaam. Gebruik geen van de tekens ? # [ ] @ ! $ & ' ( ) * + , ; : = < > / " % \ en geen onzichtbare tekens.
name-tenant-bad-character = De naam van de ruimtegroep bevat { $found }. Gebruik alleen de letters a–z, cijfers, ‘-’ en ‘_’.
name-blank = De ruimtenaam bestaat alleen uit spaties.
name-outer-space = De ruimtenaam begint of eindigt met een spatie.
name-dots = De ruimtenaam mag niet alleen uit punten bestaan.
name-char-plain = ‘{ $char }’
name-char-space = een spatie
name-char-special-space = een speciale spatie ({ $code })
name-char-invisible = een onzichtbaar teken ({ $code })
name-char-look-alike = ‘{ $char }’, dat telt als ‘{ $plain }’

## Why a sign-in request from Jitsi cannot be used (a whole sentence each)
auth-no-room = Het verzoek van Jitsi noemt geen ruimte.
auth-malformed-state = De parameter ‘state’ van het verzoek komt niet overeen met wat Jitsi verstuurt.
auth-malformed-nonce = De parameter ‘nonce’ van het verzoek komt niet overeen met wat het aanmeldvenster van Jitsi verstuurt.
auth-room-mismatch = De ruimte { $room } komt niet overeen met de ruimte die Jitsi ervoor opgaf ({ $roomSafe }).
auth-unknown-app = Het verzoek noemt een app die deze dienst niet kent ({ $app }).
auth-several-apps = Het verzoek noemt meer dan één Jitsi-app ({ $first } en { $second }).
auth-popup-in-app = Het verzoek komt van een Jitsi-app, maar vraagt om het aanmeldvenster van de browser.
