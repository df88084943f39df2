// Package patientcode makes, prints and parses patient codes — the pseudonym
// a clinic issues to a patient and the only patient identifier a kiosk sees —
// and keeps the registry of issued codes.
//
// A code is 7 symbols of Crockford's base32 alphabet (0-9 A-Z without I, L, O
// and U): 6 random symbols (30 bits) and one check symbol. It is printed
// grouped as "K7Q-4M2X" and carries no name or other data about the patient.
//
// The check symbol makes the weighted sum of all 7 symbols, computed in the
// field GF(32), zero; every position has a different non-zero weight. So
// every single wrong symbol and every swap of two different symbols (adjacent
// or not) is caught, which a plain sum or Luhn-style scheme does not fully
// guarantee, and the check symbol is itself an ordinary symbol that can be
// typed on the kiosk's keypad (Crockford's mod-37 check would need *, ~, $,
// = and U).
//
// Parse is lenient where people are: it ignores case, spaces and dashes, and
// reads O as 0 and I or L as 1.
//
// A code is patient data: never log it or put it in an error. Errors from this
// package never contain the code.
//
// The issued-codes registry (see Registry) lets a clinic make codes expire and
// lets a kiosk refuse codes the clinic never issued. It stores only a slow,
// salted hash (argon2id) of each code with its expiry date, so neither the
// file nor a stolen kiosk lists the codes.
package patientcode
