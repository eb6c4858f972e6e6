"""Use cases that join the pipeline to the attendance store: wiring, enrolment, identification, evaluation."""
