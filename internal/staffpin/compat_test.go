package staffpin

import "testing"

// hashBeforeKDF is the PIN 482915 hashed with Hash before the argon2id costs
// moved to internal/kdf: configs written then must keep working.
const hashBeforeKDF = "$argon2id$v=19$m=65536,t=3,p=2$DKYNE3EOZwfFF725pPfc2w$7gZHX5mv+GXnNI2gdftQlx0RyhCz4xuowg+6t59NPkM"

func TestAHashMadeBeforeTheSharedCostsStillVerifies(t *testing.T) {
	for pin, want := range map[string]bool{"482915": true, "482916": false} {
		ok, err := Verify(hashBeforeKDF, pin)
		if err != nil || ok != want {
			t.Errorf("Verify(old hash, %q) = %v, %v; want %v, nil", pin, ok, err, want)
		}
	}
	d, err := Decode(hashBeforeKDF)
	if err != nil {
		t.Fatal(err)
	}
	if d.Params != DefaultParams {
		t.Errorf("the old hash's costs %+v differ from DefaultParams %+v: new PINs would be hashed differently", d.Params, DefaultParams)
	}
}
