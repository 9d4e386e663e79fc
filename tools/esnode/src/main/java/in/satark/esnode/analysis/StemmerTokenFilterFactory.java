package in.satark.esnode.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.hi.HindiStemFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code stemmer} token filter for the two languages Satark indexes. The stock filter knows
 * dozens of languages; an unknown one here is rejected at index creation rather than silently
 * left unstemmed.
 */
final class StemmerTokenFilterFactory extends AbstractTokenFilterFactory {
    // Names follow the stock filter's "language" values so mappings stay portable.
    private static final Map<String, UnaryOperator<TokenStream>> STEMMERS = Map.of(
        "english", PorterStemFilter::new,
        "porter", PorterStemFilter::new,
        "light_english", KStemFilter::new,
        "minimal_english", EnglishMinimalStemFilter::new,
        "possessive_english", EnglishPossessiveFilter::new,
        "hindi", HindiStemFilter::new
    );

    private final UnaryOperator<TokenStream> stemmer;

    StemmerTokenFilterFactory(String name, Settings settings) {
        super(name);
        String language = settings.get("language", settings.get("name", "english")).toLowerCase(Locale.ROOT);
        UnaryOperator<TokenStream> chosen = STEMMERS.get(language);
        if (chosen == null) {
            throw new IllegalArgumentException(
                "stemmer [" + name + "]: language [" + language + "] is not available on this node; known: " + STEMMERS.keySet()
            );
        }
        this.stemmer = chosen;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return stemmer.apply(tokenStream);
    }
}
