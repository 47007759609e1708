"""Survey pages: the public form (public.py), the staff pages (staff.py) and questionnaire editing
(editing.py). Thin: forms check shapes, services write, selectors read."""
