// Package spectrum computes the numbers of THEORY §1 that every overlay needs:
// the eigenvalues of the sample covariance H = (1/n) Σ x_i x_iᵀ, its rank k, λ_1,
// λ_2, λ_k = λ_min⁺, and β = max_i ‖x_i‖².
package spectrum
