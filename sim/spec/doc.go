// Package spec describes an experiment as a versioned set of named parameters and
// converts it to and from the query of a share link. Parsing never fails: every
// missing, malformed, unknown or out-of-range value is replaced by its default or
// clamped, and a Notice says what was changed and why.
package spec
