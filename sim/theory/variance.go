package theory

// CB is c_b = (n − b)/(b(n − 1)), the factor of Lemma 1 of Qian & Klabjan
// (THEORY §4): a uniformly random subset of size b of n samples has
// mini-batch gradient variance Var(g | w) = c_b (S₂ − ‖∇L(w)‖²). It is 1 at
// b = 1 and 0 at b = n; for n = 1 it is 0.
func CB(n, b int) float64 {
	if n <= 1 {
		return 0
	}
	return float64(n-b) / (float64(b) * float64(n-1))
}
