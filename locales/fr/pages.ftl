# Français. Vouvoiement. Clés identiques à en/pages.ftl.

## Sur chaque page
footer-privacy = Confidentialité
footer-imprint = Mentions légales
language-label = Langue
request-id = identifiant de requête
error-status = Erreur { $status }

## Page d’accueil
index-heading = Connexion à la réunion
index-intro = Ce service vous connecte à { $jitsi } avec votre compte d’entreprise. Ouvrez le lien de votre réunion ou saisissez le nom de la salle.
index-room-label = Nom de la salle
index-go = Aller à la salle

## Page d’arrivée (sans session, invités bienvenus)
landing-title = Rejoindre { $room }
landing-intro = Les employés se connectent avec leur compte d’entreprise et rejoignent la réunion immédiatement. Les invités la rejoignent sans compte et attendent qu’un organisateur les fasse entrer.
action-sign-in = Se connecter
action-join-as-guest = Rejoindre en tant qu’invité

## Déconnexion
sign-out-title = Se déconnecter
sign-out-heading = Se déconnecter des réunions ?
sign-out-intro = Cela met fin à votre connexion aux réunions dans ce navigateur et vous déconnecte aussi ici de votre compte d’entreprise, afin que la prochaine personne qui utilisera cet ordinateur ne puisse pas rejoindre une réunion en votre nom.
action-sign-out = Se déconnecter
signed-out-title = Déconnecté
signed-out-heading = Vous êtes déconnecté
signed-out-everywhere = Votre connexion aux réunions et celle de votre compte d’entreprise ont pris fin dans ce navigateur.
signed-out-here = Votre connexion aux réunions a pris fin dans ce navigateur. Vous êtes peut-être encore connecté avec votre compte d’entreprise auprès de votre fournisseur d’identité.
action-sign-in-again = Se reconnecter
action-back-to-meeting = Retour à la réunion

## Ouverture dans une application
open-app-title = Ouverture de { $app }
open-app-heading = Ouverture de la réunion dans { $app }
open-app-intro = Vous êtes connecté. La réunion { $room } devrait maintenant s’ouvrir dans { $app }. Sinon, ouvrez-la avec le bouton ou continuez dans ce navigateur.
action-open-app = Ouvrir { $app }
action-continue-in-browser = Continuer dans le navigateur

## Suites possibles sur les pages d’erreur
action-start-again = Recommencer
action-try-again = Réessayer
action-use-another-account = Utiliser un autre compte
action-start-page = Aller à la page d’accueil

## Pages d’erreur
error-bad-name-title = Ce nom de salle ne peut pas être utilisé
error-bad-request-title = Cette requête est incomplète
error-bad-request-message = La requête est incomplète ou mal formée. Ouvrez à nouveau le lien de la réunion.
error-bad-auth-request-title = Cette demande de connexion ne peut pas être utilisée
error-bad-auth-request-message = { $reason } Ouvrez à nouveau la réunion depuis Jitsi.
error-expired-title = Ce lien de connexion a expiré
error-expired-message = Cette connexion a déjà été effectuée, a pris trop de temps ou n’a pas été lancée ici. Ouvrez à nouveau le lien de la réunion pour vous connecter.
error-foreign-browser-title = Connexion lancée dans un autre navigateur
error-foreign-browser-message = La connexion s’est terminée dans un autre navigateur que celui où elle a été lancée ; elle a donc été interrompue. Ouvrez à nouveau le lien de la réunion dans ce navigateur.
error-provider-denied-title = La connexion n’a pas abouti
error-provider-denied-message = La page de connexion de votre entreprise ne vous a pas connecté (la connexion a été annulée ou refusée).
error-unavailable-title = La connexion est momentanément indisponible
error-provider-unavailable-message = Le service de connexion de votre entreprise est injoignable pour le moment. Veuillez réessayer dans une minute.
error-store-unavailable-message = La passerelle ne parvient pas à joindre son stockage de sessions pour le moment. Veuillez réessayer dans une minute.
error-provider-fault-title = La connexion ne fonctionne pas pour le moment
error-provider-fault-message = Le service de connexion de votre entreprise a renvoyé une réponse que la passerelle ne peut pas utiliser. Veuillez réessayer plus tard ; si le problème persiste, prévenez votre administrateur.
error-rejected-title = La connexion n’a pas pu être vérifiée
error-rejected-message = La réponse du service de connexion de votre entreprise n’a pas pu être vérifiée ; vous n’avez donc pas été connecté. Ouvrez à nouveau le lien de la réunion pour réessayer.
error-forbidden-title = Vous ne pouvez pas rejoindre cette réunion en tant qu’employé
error-forbidden-message = Vous êtes connecté en tant que { $user }, mais votre compte n’appartient à aucun groupe autorisé à rejoindre { $room } en tant qu’employé.
error-forbidden-guest-hint = Vous pouvez tout de même rejoindre la réunion en tant qu’invité et attendre qu’un organisateur vous fasse entrer.
error-forbidden-required-groups = Les membres de ces groupes peuvent rejoindre la réunion : { $groups }.
error-rate-limited-title = Trop de tentatives de connexion
error-rate-limited-message = Trop de connexions viennent d’être lancées depuis votre réseau. Veuillez attendre { $seconds } secondes, puis ouvrir à nouveau le lien de la réunion.
error-too-large-title = Cette requête est trop volumineuse
error-too-large-message = La requête dépasse la taille acceptée par ce service. Ouvrez à nouveau le lien de la réunion ; si cela se reproduit, effacez les cookies de ce site.
error-tampered-cookie-title = Votre connexion n’a pas pu être vérifiée
error-tampered-cookie-message = Votre navigateur a envoyé un cookie de connexion qui n’est pas valide ici ; il a donc été supprimé. Veuillez vous reconnecter.
error-not-found-title = Page introuvable
error-not-found-message = Il n’y a rien à cette adresse.
error-logout-refused-title = Demande de déconnexion refusée
error-internal-title = Un problème est survenu
error-internal-message = Une erreur inattendue s’est produite. Veuillez réessayer.
error-groups-not-listed-title = Vos groupes n’ont pas pu être lus
error-groups-not-listed-message = Vous appartenez à plus de groupes que le service de connexion de votre entreprise n’en transmet à la connexion ; il est donc impossible de savoir si vous pouvez participer. Votre administrateur doit corriger cela : prévenez-le en lui indiquant l’identifiant de requête ci-dessous.
error-too-weak-title = Une authentification plus forte est requise
error-too-weak-message = Pour les réunions, votre entreprise exige une authentification plus forte (par exemple avec un second facteur) que celle que vous venez d’utiliser. Ouvrez à nouveau le lien de la réunion et connectez-vous avec cette méthode ; si elle ne vous est pas proposée, prévenez votre administrateur.

## Shared by every page
footer-support-label = Besoin d’aide ?
logo-alt = Logo

## Apps and the sign-in popup
# Avec l’article : inséré dans open-app-* (« Ouverture de l’application… »).
app-desktop = l’application de bureau Jitsi Meet
app-mobile = l’application Jitsi Meet
popup-signed-in-title = Connecté
popup-signed-in-message = Vous êtes connecté à { $room }. Cette fenêtre va se fermer automatiquement ; la réunion se poursuit dans la fenêtre d’origine.
popup-no-opener = La fenêtre de réunion qui a ouvert celle-ci n’est plus disponible.
popup-open-here = Ouvrir la réunion ici

## Error pages, continued
error-forbidden-required-domains = Les personnes ayant une adresse e-mail vérifiée dans l’un de ces domaines peuvent rejoindre la réunion : { $domains }.
error-expired-room-message = Ce lien de connexion a expiré ou a déjà été utilisé ; un lien de connexion ne fonctionne qu’une seule fois et pendant quelques minutes seulement. Recommencez pour vous connecter à { $room }.

## Why a room or tenant name cannot be used (a whole sentence each; $found is one of the name-char texts)
name-room-empty = Le nom de la salle est vide.
name-tenant-empty = Le nom du groupe de salles est vide.
name-room-too-long = Le nom de la salle dépasse { $max } caractères.
name-tenant-too-long = Le nom du groupe de salles dépasse { $max } caractères.
name-too-long-for-server = Le nom de la salle est trop long pour le serveur de réunion (certains caractères y occupent beaucoup de place). Choisissez un nom plus court.
name-room-bad-character = Le nom de la salle contient { $found }. Ce caractère n’est pas autorisé dans un nom de salle. N’utilisez pas les caractères ? # [ ] @ ! $ & ' ( ) * + , ; : = < > / " % \ ni les caractères invisibles.
name-tenant-bad-character = Le nom du groupe de salles contient { $found }. Utilisez uniquement les lettres a–z, les chiffres, « - » et « _ ».
name-blank = Le nom de la salle ne contient que des espaces.
name-outer-space = Le nom de la salle commence ou se termine par une espace.
name-dots = Le nom de la salle ne peut pas être composé uniquement de points.
name-char-plain = « { $char } »
name-char-space = une espace
name-char-special-space = une espace spéciale ({ $code })
name-char-invisible = un caractère invisible ({ $code })
name-char-look-alike = « { $char } », qui équivaut à « { $plain } »

## Why a sign-in request from Jitsi cannot be used (a whole sentence each)
auth-no-room = La requête de Jitsi n’indique aucune salle.
auth-malformed-state = Le paramètre « state » de la requête ne correspond pas à ce qu’envoie Jitsi.
auth-malformed-nonce = Le paramètre « nonce » de la requête ne correspond pas à ce qu’envoie la fenêtre de connexion de Jitsi.
auth-room-mismatch = La salle { $room } ne correspond pas à celle que Jitsi a indiquée pour elle ({ $roomSafe }).
auth-unknown-app = La requête indique une application que ce service ne connaît pas ({ $app }).
auth-several-apps = La requête indique plus d’une application Jitsi ({ $first } et { $second }).
auth-popup-in-app = La requête provient d’une application Jitsi, mais demande la fenêtre de connexion du navigateur.
