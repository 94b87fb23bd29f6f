from django import forms

from .models import NewsItem


class NewsItemForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = [
            "title",
            "slug",
            "summary",
            "image",
            "image_alt",
            "body",
            "themes",
            "language",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
