package dataset

// systemData is false: Windows has no system-wide data set folder.
const systemData = false
