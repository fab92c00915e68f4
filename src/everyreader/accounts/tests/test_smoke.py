import pytest


@pytest.mark.django_db
def test_staff_home_for_librarian(client_as):
    client = client_as("librarian")
    assert client.get("/staff/").status_code == 200
