package dev.multiserver.cli.config;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets a picocli option take a size as {@link Sizes} reads it: {@code --retry-max-body 64KiB}. */
public final class SizeConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
        try {
            return Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
