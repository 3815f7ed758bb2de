"""The public network graph: built from approved answers, laid out, filtered, served."""
