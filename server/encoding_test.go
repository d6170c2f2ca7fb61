package main

import "testing"

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                        false,
		"identity":                false,
		"gzip":                    true,
		"GZIP":                    true,
		"x-gzip":                  true,
		" gzip ; q=1 ":            true,
		"gzip;q=1.0":              true,
		"gzip;q=0.001":            true,
		"gzip;q=0":                false,
		"gzip;Q=0":                false,
		"gzip;q=0.0":              false,
		"gzip; q=0.000":           false,
		"gzip;level=1;q=0":        false,
		"gzip;q=2":                false, // out of range: not accepted
		"gzip;q=abc":              false,
		"gzip;q=NaN":              false,
		"br, deflate":             false,
		"br;q=1, gzip;q=0.5":      true,
		"deflate, gzip;q=0.001":   true,
		"*":                       true,
		"*;q=0":                   false,
		"*, gzip;q=0":             false, // gzip named: * does not apply
		"gzip;q=0, *":             false,
		"*;q=0, gzip":             true,
		"identity;q=1, *;q=0.5":   true,
		"gzip;q=0, gzip;q=0.5":    true, // the better of repeated entries
		"gzip, deflate, br, zstd": true,
		",,gzip,,":                true,
		"gzipx":                   false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
