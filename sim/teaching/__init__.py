"""For the classroom: the teaching page, its drawings of the organisation, animations, the browser driver."""
