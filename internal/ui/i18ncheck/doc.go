// Package i18ncheck is for tests: it checks that an English translation
// file in assets/i18n, which clinics copy to translate, holds exactly the
// texts a UI package says — every text the package has, word for word,
// and no key under the package's prefix that it never shows.
package i18ncheck
