"""The survey report in three forms (PDF, XLSX, JSON), all from one ``SurveyReport``."""
