// Package analysis will hold the algorithms that run on feature matrices:
// PCA, t-SNE, K-means, DBSCAN, neighbours, metrics, the cluster-to-class
// mapping, and the figures built from them. It takes plain gonum matrices
// and slices and imports neither the network nor Fyne.
package analysis
