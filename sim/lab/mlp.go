package lab

import (
	"fmt"
	"strconv"
	"strings"

	"sgdlab/sim/steprule"
)

// CheckHidden canonicalises a link's list of up to 3 hidden-layer widths in
// 1…1024 (the MLPs of the variance and Armijo labs).
func CheckHidden(s string) (string, error) {
	return steprule.CheckList(s, "hidden widths", 3, func(p string) (string, error) {
		k, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || k < 1 || k > 1024 {
			return "", fmt.Errorf("%q is not a width (1…1024)", p)
		}
		return strconv.Itoa(k), nil
	})
}

// MLPSizes is the widths of an MLP on 28×28 images with 10 classes: 784, the
// hidden widths of a canonical list, 10.
func MLPSizes(hidden string) []int {
	sizes := []int{784}
	for _, f := range strings.Split(hidden, ",") {
		k, _ := strconv.Atoi(f)
		sizes = append(sizes, k)
	}
	return append(sizes, 10)
}
