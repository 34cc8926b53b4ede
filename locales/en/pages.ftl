# Every string a visitor reads on the bridge's pages (English, the reference
# catalogue: every key here must exist in every other one).
# Variables: $room and $user are shown as given (escaped by the page), never translated.

## Shared by every page
footer-privacy = Privacy
footer-imprint = Imprint
language-label = Language
request-id = request id
error-status = Error { $status }

## Index page
index-heading = Meeting sign-in
index-intro = This service signs you in to { $jitsi } with your company account. Open your meeting's link, or enter the name of the room.
index-room-label = Room name
index-go = Go to the room

## Landing page (a visitor without a session, guests welcome)
landing-title = Join { $room }
landing-intro = Employees sign in with their company account and join right away. Guests join without an account and wait until a host lets them in.
action-sign-in = Sign in
action-join-as-guest = Join as guest

## Sign-out confirmation and signed-out pages
sign-out-title = Sign out
sign-out-heading = Sign out of meetings?
sign-out-intro = This ends your meeting sign-in on this browser and signs you out of your company account here too, so the next person at this computer cannot join as you.
action-sign-out = Sign out
signed-out-title = Signed out
signed-out-heading = You are signed out
signed-out-everywhere = Your meeting sign-in and your company account's sign-in have ended on this browser.
signed-out-here = Your meeting sign-in has ended on this browser. Your company account may still be signed in at your identity provider.
action-sign-in-again = Sign in again
action-back-to-meeting = Back to the meeting

## Opening a desktop or mobile app
open-app-title = Opening { $app }
open-app-heading = Opening the meeting in the { $app }
open-app-intro = You are signed in. Your { $app } should open the meeting { $room } now. If it does not, open it with the button, or continue in this browser.
action-open-app = Open the { $app }
action-continue-in-browser = Continue in the browser

## Ways forward on error pages
action-start-again = Start again
action-try-again = Try again
action-use-another-account = Use another account
action-start-page = Go to the start page

## Error pages: one title and one message per kind of failure
error-bad-name-title = That room name cannot be used
error-bad-request-title = That request is incomplete
error-bad-request-message = The request is incomplete or malformed. Open the meeting link again.
error-bad-auth-request-title = That sign-in request cannot be used
error-bad-auth-request-message = { $reason } Open the meeting from Jitsi again.
error-expired-title = This sign-in link has expired
error-expired-message = This sign-in was already completed, took too long, or was not started here. Open the meeting link again to sign in.
error-foreign-browser-title = Sign-in started in another browser
error-foreign-browser-message = The sign-in finished in a different browser from the one that started it, so it was stopped. Open the meeting link again in this browser.
error-provider-denied-title = Sign-in was not completed
error-provider-denied-message = Your company's sign-in page ended without signing you in (it was cancelled or refused).
error-unavailable-title = Sign-in is unavailable right now
error-provider-unavailable-message = Your company's sign-in service cannot be reached at the moment. Please try again in a minute.
error-store-unavailable-message = The bridge cannot reach its session store at the moment. Please try again in a minute.
error-provider-fault-title = Sign-in is not working right now
error-provider-fault-message = Your company's sign-in service gave an answer the bridge cannot use. Please try again later; if it persists, tell your administrator.
error-rejected-title = Sign-in could not be verified
error-rejected-message = The answer from your company's sign-in service could not be verified, so you were not signed in. Open the meeting link again to retry.
error-forbidden-title = You cannot join this meeting as an employee
error-forbidden-message = You are signed in as { $user }, but your account is not in a group allowed to join { $room } as an employee.
error-forbidden-guest-hint = You can still join as a guest and wait for a host to let you in.
error-forbidden-required-groups = Members of these groups may join: { $groups }.
error-rate-limited-title = Too many sign-in attempts
error-rate-limited-message = Too many sign-ins were started from your network just now. Please wait { $seconds } seconds and open the meeting link again.
error-too-large-title = That request is too large
error-too-large-message = The request is larger than this service accepts. Open the meeting link again; if it keeps happening, clear this site's cookies.
error-tampered-cookie-title = Your sign-in could not be verified
error-tampered-cookie-message = Your browser sent a sign-in cookie that is not valid here, so it has been removed. Please sign in again.
error-not-found-title = Page not found
error-not-found-message = There is nothing at this address.
error-logout-refused-title = Sign-out request refused
error-internal-title = Something went wrong
error-internal-message = An unexpected error occurred. Please try again.
error-groups-not-listed-title = Your groups could not be read
error-groups-not-listed-message = You belong to more groups than your company's sign-in service lists at sign-in, so the bridge cannot tell whether you may join. This needs a change by your administrator; please tell them, with the request id below.
error-too-weak-title = A stronger sign-in is required
error-too-weak-message = Your company requires a stronger sign-in for meetings (for example with a second factor) than the one just used. Open the meeting link again and sign in with it; if you are not offered it, tell your administrator.

## Shared by every page
footer-support-label = Need help?
logo-alt = Logo

## Apps and the sign-in popup
app-desktop = Jitsi Meet desktop app
app-mobile = Jitsi Meet app
popup-signed-in-title = Signed in
popup-signed-in-message = You are signed in to { $room }. This window closes by itself; the meeting goes on in the window you came from.
popup-no-opener = The meeting window that opened this one is gone.
popup-open-here = Open the meeting here

## Error pages, continued
error-forbidden-required-domains = People with a verified e-mail address at these domains may join: { $domains }.
error-expired-room-message = This sign-in link has expired or was already used; a sign-in link works only once and only for a few minutes. Start again to sign in to { $room }.

## Why a room or tenant name cannot be used (a whole sentence each; $found is one of the name-char texts)
name-room-empty = The room name is empty.
name-tenant-empty = The tenant name is empty.
name-room-too-long = The room name is longer than { $max } characters.
name-tenant-too-long = The tenant name is longer than { $max } characters.
name-too-long-for-server = The room name is too long for the meeting server (some characters take up a lot of space there). Choose a shorter name.
name-room-bad-character = The room name contains { $found }, which a room name cannot contain. Leave out : ? # [ ] @ ! $ & ' ( ) * + , ; = < > / " % \ and invisible characters.
name-tenant-bad-character = The tenant name contains { $found }. Use only letters a–z, digits, - and _.
name-blank = The room name is only spaces.
name-outer-space = The room name starts or ends with a space.
name-dots = The room name cannot be only dots.
name-char-plain = “{ $char }”
name-char-space = a space
name-char-special-space = a special space ({ $code })
name-char-invisible = an invisible character ({ $code })
name-char-look-alike = “{ $char }”, which counts as “{ $plain }”

## Why a sign-in request from Jitsi cannot be used (a whole sentence each)
auth-no-room = The request from Jitsi names no room.
auth-malformed-state = The request's state is not what Jitsi sends.
auth-malformed-nonce = The request's nonce is not what Jitsi's sign-in window sends.
auth-room-mismatch = The room { $room } does not match the room Jitsi named for it ({ $roomSafe }).
auth-unknown-app = The request names an app this service does not know ({ $app }).
auth-several-apps = The request names more than one Jitsi app ({ $first } and { $second }).
auth-popup-in-app = The request comes from a Jitsi app but asks for the browser's sign-in window.
