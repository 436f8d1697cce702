// Package model will hold the convolutional network of Fashion Lens
// (gorgonia): training, checkpoints, features and evaluation. The data
// layer it stands on is in the sub-package dataset.
package model
