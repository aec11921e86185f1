"""Photo uploads in the admin: only real raster images, resized, served safely."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from contacts.models import Advisor
from contacts.photos import process_photo

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <script>fetch('/advisors/').then(r => r.text()).then(t => alert(t))</script>
  <rect width="100" height="100" fill="red"/>
</svg>"""


def png(width: int = 1200, height: int = 900) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(output, "PNG")
    return output.getvalue()


def add_advisor(client, upload):
    data = {"name": "Petra Foto", "email": "petra@example.com", "is_active": "on"}
    if upload is not None:
        data["photo"] = upload
    return client.post(reverse("admin:contacts_advisor_add"), data)


@pytest.fixture
def comms_client(client, comms):
    client.force_login(comms)
    return client


def test_comms_uploads_a_photo_which_is_cropped_and_reencoded(comms_client, settings):
    response = add_advisor(comms_client, SimpleUploadedFile("petra.png", png(), content_type="image/png"))
    assert response.status_code == 302, response.text
    advisor = Advisor.objects.get()
    assert advisor.photo.name.startswith("advisors/")
    assert advisor.photo.name.endswith(".jpg")
    assert "petra" not in advisor.photo.name  # a random name, not the uploader's
    with Image.open(advisor.photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (480, 480)
    # The change form links the current photo through the photo view, not MEDIA_URL.
    change = comms_client.get(reverse("admin:contacts_advisor_change", args=[advisor.pk])).text
    assert reverse("contacts:photo", args=[advisor.pk]) in change
    assert "/media/" not in change


def test_a_non_image_is_refused(comms_client):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = add_advisor(comms_client, fake)
    assert response.status_code == 200
    assert "kein Foto, das wir lesen können" in response.text
    assert not Advisor.objects.exists()


def test_an_oversized_image_is_refused(comms_client):
    big = png() + b"\0" * (5 * 1024 * 1024)  # a PNG with trailing bytes, over 5 MB
    response = add_advisor(comms_client, SimpleUploadedFile("big.png", big, content_type="image/png"))
    assert response.status_code == 200
    assert "zu groß" in response.text
    assert not Advisor.objects.exists()


def test_an_image_with_too_many_pixels_is_refused(comms_client):
    response = add_advisor(
        comms_client, SimpleUploadedFile("wide.png", png(9000, 5000), content_type="image/png")
    )
    assert response.status_code == 200
    assert "zu viele Pixel" in response.text


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_an_svg_with_script_is_refused_whatever_its_name(comms_client, name):
    response = add_advisor(
        comms_client, SimpleUploadedFile(name, SVG_WITH_SCRIPT, content_type="image/svg+xml")
    )
    assert response.status_code == 200
    assert "SVG-Dateien werden nicht angenommen" in response.text
    assert not Advisor.objects.exists()


def test_photo_is_served_to_signed_in_users_with_safe_headers(comms_client, employee):
    add_advisor(comms_client, SimpleUploadedFile("petra.png", png(), content_type="image/png"))
    advisor = Advisor.objects.get()
    comms_client.force_login(employee)
    response = comms_client.get(reverse("contacts:photo", args=[advisor.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_photo_needs_sign_in(client, comms):
    client.force_login(comms)
    add_advisor(client, SimpleUploadedFile("petra.png", png(), content_type="image/png"))
    client.logout()
    response = client.get(reverse("contacts:photo", args=[Advisor.objects.get().pk]))
    assert response.status_code == 302


def test_advisor_without_photo_gets_an_initials_avatar(employee_client, advisor_profile):
    assert (
        reverse("contacts:photo", args=[advisor_profile.pk])
        not in employee_client.get(reverse("contacts:index")).text
    )
    assert ">AV</span>" in employee_client.get(reverse("contacts:index")).text
    assert employee_client.get(reverse("contacts:photo", args=[advisor_profile.pk])).status_code == 404


def test_transparent_parts_of_a_png_become_white_not_black():
    image = Image.new("RGBA", (600, 600), (0, 0, 0, 0))  # fully transparent
    image.paste((200, 30, 30, 255), (200, 200, 400, 400))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    stored = process_photo(SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png"))
    with Image.open(io.BytesIO(stored.read())) as result:
        corner = result.convert("RGB").getpixel((5, 5))
        centre = result.convert("RGB").getpixel((240, 240))
    assert min(corner) > 240
    assert centre[0] > 150
    assert centre[1] < 80


def test_an_image_past_pillows_own_pixel_limit_gets_the_same_message(comms_client):
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    # A hundred bytes declaring 20,000 × 20,000 pixels: Pillow refuses it on opening.
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0))
    huge = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IEND", b"")
    response = add_advisor(comms_client, SimpleUploadedFile("huge.png", huge, content_type="image/png"))
    assert response.status_code == 200
    assert "zu viele Pixel" in response.text
    assert "kein Foto, das wir lesen können" not in response.text


def test_a_camera_jpeg_with_a_second_picture_inside_is_taken(comms_client):
    # Phones and cameras write a second picture into their JPEGs (a preview, the HDR gain map of
    # an iPhone) as a Multi-Picture file; Pillow reads such a .jpg as "MPO", and it was refused
    # as "not a photo we can read".
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 30, 30)).save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (300, 200), (0, 0, 200))]
    )
    with Image.open(io.BytesIO(buffer.getvalue())) as probe:
        assert probe.format == "MPO"
    response = add_advisor(comms_client, SimpleUploadedFile("IMG_0042.JPG", buffer.getvalue(), "image/jpeg"))
    assert response.status_code == 302, response.text
    with Image.open(Advisor.objects.get().photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (480, 480)
        assert stored.convert("RGB").getpixel((240, 240))[0] > 150  # the main picture, not the second


def test_a_replaced_or_removed_photo_leaves_the_server(comms_client, django_capture_on_commit_callbacks):
    # A photo taken down (the advisor left, or asked for it) must not stay on the server and in
    # every backup: nothing shows it any more, and nobody could put it back.
    with django_capture_on_commit_callbacks(execute=True):
        add_advisor(comms_client, SimpleUploadedFile("petra.png", png(), content_type="image/png"))
    advisor = Advisor.objects.get()
    first = advisor.photo.path
    url = reverse("admin:contacts_advisor_change", args=[advisor.pk])
    data = {"name": advisor.name, "email": advisor.email, "is_active": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(
            url, {**data, "photo": SimpleUploadedFile("new.png", png(), "image/png")}
        )
    assert response.status_code == 302, response.text
    advisor.refresh_from_db()
    assert advisor.photo.path != first
    assert not os.path.exists(first)
    second = advisor.photo.path
    assert os.path.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        response = comms_client.post(url, {**data, "photo-clear": "on"})
    assert response.status_code == 302, response.text
    advisor.refresh_from_db()
    assert not advisor.photo
    assert not os.path.exists(second)


def test_a_photo_stays_when_the_profile_is_saved_without_touching_it(
    comms_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_advisor(comms_client, SimpleUploadedFile("petra.png", png(), content_type="image/png"))
    advisor = Advisor.objects.get()
    url = reverse("admin:contacts_advisor_change", args=[advisor.pk])
    with django_capture_on_commit_callbacks(execute=True):
        comms_client.post(url, {"name": "Petra Bild", "email": advisor.email, "is_active": "on"})
    advisor.refresh_from_db()
    assert advisor.name == "Petra Bild"
    assert os.path.exists(advisor.photo.path)


def test_a_deleted_profiles_photo_leaves_the_server(
    client, comms_client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_advisor(comms_client, SimpleUploadedFile("petra.png", png(), content_type="image/png"))
    advisor = Advisor.objects.get()
    path = advisor.photo.path
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:contacts_advisor_delete", args=[advisor.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Advisor.objects.exists()
    assert not os.path.exists(path)


def test_a_photo_chosen_with_a_form_that_comes_back_with_errors_is_asked_for_again(comms_client):
    # A browser cannot fill a file field again: the photo was dropped without a word, and the
    # profile then saved without it.
    upload = SimpleUploadedFile("petra.png", png(), content_type="image/png")
    response = comms_client.post(
        reverse("admin:contacts_advisor_add"),
        {"name": "Petra Foto", "email": "keine-adresse", "is_active": "on", "photo": upload},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "email" in errors
    with translation.override("de"):  # the admin's language, whether or not the catalogue has it yet
        again = translation.gettext("“%(file)s” was not saved with the rest: please choose it again.")
    assert errors["photo"] == [again % {"file": "petra.png"}]
    assert not Advisor.objects.exists()
    # No photo chosen: nothing said about one.
    response = comms_client.post(
        reverse("admin:contacts_advisor_add"),
        {"name": "Petra Foto", "email": "keine-adresse", "is_active": "on"},
    )
    assert "photo" not in response.context["adminform"].form.errors
