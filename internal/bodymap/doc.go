// Package bodymap is the body map of the somatic practice: where in the
// body a patient feels a piece. It reads the outline (assets/body: a front
// and a back view of a gender-neutral body as polygons in a normalised
// space, split into named regions), finds the region under a point, keeps
// what was marked as a small grid per side (a mask; each cell warm, for
// activation, or cool, for deactivation, after Nummenmaa et al. 2014,
// "Bodily maps of emotions"), converts it to and from the manifest's
// piece.BodyMap, sums the maps of many pieces, and draws an outline with
// its marks into an image (crisp at any size, with x/image/vector).
//
// It holds no Fyne code: the kiosk's tagging step and the gallery draw
// with it into their own rasters.
package bodymap
