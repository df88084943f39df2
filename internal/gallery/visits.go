package gallery

import (
	"github.com/afterimage-clinic/afterimage/internal/index"
	"github.com/afterimage-clinic/afterimage/internal/library"
)

// indexVisits keeps the moods of the visit records in the index, where
// the patient view's timeline reads them (kiosks record moods in visit
// records, not in pieces). Only records of verified origin count: a
// record from an unknown kiosk could otherwise put moods on a patient's
// real visit. It returns the patients whose visits changed.
func indexVisits(ix *index.Index, visits []*library.Visit) ([]string, error) {
	var patients []string
	for _, v := range visits {
		if !v.Verified {
			continue
		}
		r := v.Record
		err := ix.UpsertVisit(index.Visit{
			Patient: r.PatientCode, ID: r.VisitID, Started: r.Started, Ended: r.Ended,
			CheckIn: r.CheckIn, CheckOut: r.CheckOut,
		})
		if err != nil {
			return patients, err
		}
		patients = append(patients, r.PatientCode)
	}
	return patients, nil
}
