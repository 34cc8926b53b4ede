# Español. Trato de «usted». Mismas claves que en/pages.ftl.

## En todas las páginas
footer-privacy = Privacidad
footer-imprint = Aviso legal
language-label = Idioma
request-id = ID de solicitud
error-status = Error { $status }

## Página de inicio
index-heading = Acceso a la reunión
index-intro = Este servicio le permite iniciar sesión en { $jitsi } con su cuenta de la empresa. Abra el enlace de su reunión o escriba el nombre de la sala.
index-room-label = Nombre de la sala
index-go = Ir a la sala

## Página de llegada (sin sesión, se admiten invitados)
landing-title = Unirse a { $room }
landing-intro = El personal inicia sesión con su cuenta de la empresa y se une de inmediato. Los invitados se unen sin cuenta y esperan a que un anfitrión les dé paso.
action-sign-in = Iniciar sesión
action-join-as-guest = Unirse como invitado

## Cierre de sesión
sign-out-title = Cerrar sesión
sign-out-heading = ¿Cerrar la sesión de las reuniones?
sign-out-intro = Esto cierra su sesión de reuniones en este navegador y también, aquí, la de su cuenta de la empresa, para que la próxima persona que use este ordenador no pueda unirse en su nombre.
action-sign-out = Cerrar sesión
signed-out-title = Sesión cerrada
signed-out-heading = Ha cerrado la sesión
signed-out-everywhere = Su sesión de reuniones y la de su cuenta de la empresa se han cerrado en este navegador.
signed-out-here = Su sesión de reuniones se ha cerrado en este navegador. Es posible que la sesión de su cuenta de la empresa siga abierta en su proveedor de identidad.
action-sign-in-again = Volver a iniciar sesión
action-back-to-meeting = Volver a la reunión

## Apertura en una aplicación
open-app-title = Abriendo { $app }
open-app-heading = Abriendo la reunión en { $app }
open-app-intro = Ha iniciado sesión. La reunión { $room } debería abrirse ahora en { $app }. Si no se abre, ábrala con el botón o continúe en este navegador.
action-open-app = Abrir { $app }
action-continue-in-browser = Continuar en el navegador

## Cómo seguir en las páginas de error
action-start-again = Empezar de nuevo
action-try-again = Reintentar
action-use-another-account = Usar otra cuenta
action-start-page = Ir a la página de inicio

## Páginas de error
error-bad-name-title = Ese nombre de sala no se puede usar
error-bad-request-title = La solicitud está incompleta
error-bad-request-message = La solicitud está incompleta o tiene un formato incorrecto. Abra de nuevo el enlace de la reunión.
error-bad-auth-request-title = Esta solicitud de inicio de sesión no se puede usar
error-bad-auth-request-message = { $reason } Abra de nuevo la reunión desde Jitsi.
error-expired-title = Este enlace de inicio de sesión ha caducado
error-expired-message = Este inicio de sesión ya se completó, tardó demasiado o no empezó aquí. Abra de nuevo el enlace de la reunión para iniciar sesión.
error-foreign-browser-title = El inicio de sesión empezó en otro navegador
error-foreign-browser-message = El inicio de sesión terminó en un navegador distinto de aquel en el que empezó, por lo que se ha cancelado. Abra de nuevo el enlace de la reunión en este navegador.
error-provider-denied-title = No se completó el inicio de sesión
error-provider-denied-message = La página de inicio de sesión de su empresa terminó sin iniciar su sesión (se canceló o se rechazó).
error-unavailable-title = El inicio de sesión no está disponible en este momento
error-provider-unavailable-message = No se puede conectar en este momento con el servicio de inicio de sesión de su empresa. Vuelva a intentarlo dentro de un minuto.
error-store-unavailable-message = El puente no puede conectarse en este momento con el almacén de sesiones. Vuelva a intentarlo dentro de un minuto.
error-provider-fault-title = El inicio de sesión no funciona en este momento
error-provider-fault-message = El servicio de inicio de sesión de su empresa dio una respuesta que el puente no puede usar. Vuelva a intentarlo más tarde; si el problema continúa, avise a su administrador.
error-rejected-title = No se pudo verificar el inicio de sesión
error-rejected-message = No se pudo verificar la respuesta del servicio de inicio de sesión de su empresa, así que no se ha iniciado su sesión. Abra de nuevo el enlace de la reunión para volver a intentarlo.
error-forbidden-title = No puede unirse a esta reunión como empleado
error-forbidden-message = Ha iniciado sesión como { $user }, pero su cuenta no pertenece a ningún grupo autorizado a unirse a { $room } como empleado.
error-forbidden-guest-hint = Aun así, puede unirse como invitado y esperar a que un anfitrión le dé paso.
error-forbidden-required-groups = Pueden unirse los miembros de estos grupos: { $groups }.
error-rate-limited-title = Demasiados intentos de inicio de sesión
error-rate-limited-message = Desde su red se han realizado demasiados intentos de inicio de sesión en poco tiempo. Espere { $seconds } segundos y abra de nuevo el enlace de la reunión.
error-too-large-title = La solicitud es demasiado grande
error-too-large-message = La solicitud supera el tamaño que admite este servicio. Abra de nuevo el enlace de la reunión; si vuelve a ocurrir, borre las cookies de este sitio.
error-tampered-cookie-title = No se pudo verificar su inicio de sesión
error-tampered-cookie-message = Su navegador envió una cookie de sesión que no es válida aquí, así que se ha eliminado. Vuelva a iniciar sesión.
error-not-found-title = Página no encontrada
error-not-found-message = No hay nada en esta dirección.
error-logout-refused-title = Solicitud de cierre de sesión rechazada
error-internal-title = Algo ha fallado
error-internal-message = Se ha producido un error inesperado. Vuelva a intentarlo.
error-groups-not-listed-title = No se pudieron leer sus grupos
error-groups-not-listed-message = Pertenece a más grupos de los que el servicio de inicio de sesión de su empresa comunica al iniciar sesión, por lo que no es posible saber si puede unirse. Su administrador debe corregirlo; avísele e indíquele el ID de solicitud que aparece abajo.
error-too-weak-title = Se requiere un inicio de sesión más seguro
error-too-weak-message = Su empresa exige para las reuniones un inicio de sesión más seguro (por ejemplo, con un segundo factor) que el que acaba de usar. Abra de nuevo el enlace de la reunión e inicie sesión de esa forma; si no se le ofrece, avise a su administrador.

## Shared by every page
footer-support-label = ¿Necesita ayuda?
logo-alt = Logotipo

## Apps and the sign-in popup
# Con artículo: se inserta en open-app-* («Abriendo la aplicación…»).
app-desktop = la aplicación de escritorio de Jitsi Meet
app-mobile = la aplicación de Jitsi Meet
popup-signed-in-title = Sesión iniciada
popup-signed-in-message = Ha iniciado sesión en { $room }. Esta ventana se cerrará automáticamente; la reunión continúa en la ventana original.
popup-no-opener = La ventana de la reunión que abrió esta ventana ya no está disponible.
popup-open-here = Abrir la reunión aquí

## Error pages, continued
error-forbidden-required-domains = Pueden unirse las personas con una dirección de correo electrónico verificada en alguno de estos dominios: { $domains }.
error-expired-room-message = Este enlace de inicio de sesión ha caducado o ya se ha usado; un enlace de inicio de sesión solo funciona una vez y durante unos minutos. Vuelva a empezar para iniciar sesión en { $room }.

## Why a room or tenant name cannot be used (a whole sentence each; $found is one of the name-char texts)
name-room-empty = El nombre de la sala está vacío.
name-tenant-empty = El nombre del grupo de salas está vacío.
name-room-too-long = El nombre de la sala tiene más de { $max } caracteres.
name-tenant-too-long = El nombre del grupo de salas tiene más de { $max } caracteres.
name-too-long-for-server = El nombre de la sala es demasiado largo para el servidor de reuniones (algunos caracteres ocupan mucho espacio allí). Elija un nombre más corto.
name-room-bad-character = El nombre de la sala contiene { $found }. Ese carácter no está permitido en los nombres de sala. No use los caracteres ? # [ ] @ ! $ & ' ( ) * + , ; : = < > / " % \ ni caracteres invisibles.
name-tenant-bad-character = El nombre del grupo de salas contiene { $found }. Use solo las letras a–z, los dígitos, «-» y «_».
name-blank = El nombre de la sala solo contiene espacios.
name-outer-space = El nombre de la sala empieza o termina con un espacio.
name-dots = El nombre de la sala no puede estar formado solo por puntos.
name-char-plain = «{ $char }»
name-char-space = un espacio
name-char-special-space = un espacio especial ({ $code })
name-char-invisible = un carácter invisible ({ $code })
name-char-look-alike = «{ $char }», que equivale a «{ $plain }»

## Why a sign-in request from Jitsi cannot be used (a whole sentence each)
auth-no-room = La solicitud de Jitsi no indica ninguna sala.
auth-malformed-state = El parámetro «state» de la solicitud no es el que envía Jitsi.
auth-malformed-nonce = El parámetro «nonce» de la solicitud no es el que envía la ventana de inicio de sesión de Jitsi.
auth-room-mismatch = La sala { $room } no coincide con la que Jitsi indicó para ella ({ $roomSafe }).
auth-unknown-app = La solicitud indica una aplicación que este servicio no conoce ({ $app }).
auth-several-apps = La solicitud indica más de una aplicación de Jitsi ({ $first } y { $second }).
auth-popup-in-app = La solicitud procede de una aplicación de Jitsi, pero pide la ventana de inicio de sesión del navegador.
