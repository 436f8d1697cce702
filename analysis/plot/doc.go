// Package plot draws Fashion Lens's figures with gonum/plot: the 2-D
// scatter of an embedding coloured by class or cluster (Scatter), the
// training curves (TrainingCurves), the confusion matrix (Confusion), the
// DBSCAN k-distance curve (KDistance), K-means inertia and silhouette
// against k (KSweep) and a montage of 28×28 images with captions
// (NewMontage).
//
// Every figure is a Figure: a *plot.Plot (gonum.org/v1/plot), a few of
// them side by side (Panels), or one with a caption below it that says
// what it shows (WithCaption). Save writes one to a .png, .svg or .pdf file
// atomically, Write to any io.Writer, and Raster draws one into an image
// at a given pixel size, for a GUI that shows it at its own size.
//
// Text that must end inside a figure (the side legend, a caption) is
// given room for a font up to 15% wider than Liberation Sans, with which
// it is measured: an SVG file names its font, and a viewer without it
// draws another.
//
// Categories (classes or clusters) are ints from 0; −1 is DBSCAN's noise.
// They take their colours from Palette, ten colours chosen to stay
// distinguishable under the common colour-vision deficiencies.
//
// Bad input (mismatched lengths, no points, NaN coordinates, a category
// without a name, an unknown file extension) gives an error wrapping
// analysis.ErrInput, never a panic.
package plot
