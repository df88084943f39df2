// Package staffpin guards the kiosk's staff panel with a PIN.
//
// The PIN is stored in the kiosk's config only as a slow argon2id hash in the
// usual encoded form:
//
//	$argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>
//
// (salt and hash in unpadded standard base64). Hash makes one, Verify checks
// a PIN against one with a constant-time compare.
//
// Guard adds the slow-down for repeated wrong PINs: the first FreeTries wrong
// PINs cost nothing, each further one makes the next try wait Base, 2·Base,
// 4·Base … up to Max (defaults: 2 free tries, then 1 s, 2 s, 4 s … capped at
// 5 min). Tries during the wait are refused without being checked or counted,
// and the error says how long is left. A right PIN clears the count. The
// count lives in memory only: it survives the patients' idle resets, not a
// restart of the kiosk (which itself needs the PIN).
package staffpin
