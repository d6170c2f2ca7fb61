// Package batch is the first lab: mini-batch SGD on over-parametrised least
// squares (THEORY §1-2). Several batch sizes run side by side on one synthetic
// problem, each with its own step rule, and every curve is drawn next to the
// bound of §2.2 (or §2.6 for Bernoulli sampling of unit-norm samples).
package batch
