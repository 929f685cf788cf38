"""Reading a sweep and writing its report: gathering, statistics, comparison, figures, documents."""
